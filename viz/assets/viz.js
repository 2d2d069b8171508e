/* VDG graph view: reads the JSON in #vdg-data, draws it with vis-network (physics off, positions
   precomputed), and wires search, class filter, language switch and the side panel.
   All data reaches the page through textContent or vis-network's canvas, never as HTML. */
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("vdg-data").textContent);
  var lang = D.lang;
  var byId = D.nodes;  // node i has id i
  var hiddenGroups = {};
  var asOf = "";  // the day of the date control, or "" for all time

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function norm(s) {
    return String(s).normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[đĐ]/g, "d").toLowerCase().replace(/\s+/g, " ").trim();
  }
  function classLabel(c) { var l = D.classLabels[c]; return l ? l[lang] : c; }
  function predLabel(k) { var l = D.predLabels[k]; return l ? l[lang] : k; }
  /* Above 2,000 edges, edge labels are left to the side panel: drawing them costs more than the rest. */
  var edgeLabels = D.edges.length <= 2000;
  function edgeLabel(k) { return edgeLabels ? predLabel(k) : undefined; }
  function label(n) { return n[lang]; }
  /* Long texts are cut (whole characters) with an ellipsis where they are shown; search reads them whole. */
  var CUT = { canvas: 60, list: 120, heading: 300, text: 2000 };
  function cut(s, n) {
    s = String(s);
    if (s.length <= n) return s;
    var chars = Array.from(s);
    return chars.length <= n ? s : chars.slice(0, n - 1).join("") + "…";
  }

  /* Figures grouped under their indicator: one node with a count until it is clicked. */
  var bundles = D.bundles || [];
  var bundleOf = {};  // figure node id -> bundle number
  var opened = bundles.map(function () { return false; });
  var bundleFor = {};  // indicator node id -> bundle number
  bundles.forEach(function (b, k) { bundleFor[b.of] = k; b.members.forEach(function (m) { bundleOf[m] = k; }); });
  function bundleId(k) { return "bundle-" + k; }
  function bundleCount(k) { return bundles[k].members.filter(function (m) { return shown(byId[m]); }).length; }
  function bundleLabel(k) {
    var c = bundleCount(k);
    return c + (lang === "vi" ? " số liệu" : c === 1 ? " figure" : " figures");
  }

  var visNodes = new vis.DataSet(byId.map(function (n) {
    var st = D.style[n.group];
    return { id: n.id, label: cut(label(n), CUT.canvas), x: n.x, y: n.y, size: n.size, shape: st.shape,
             color: st.color, font: { size: n.size <= 5 ? 8 : 14 }, hidden: !visible(n) };
  }).concat(bundles.map(function (b, k) {
    var of = byId[b.of];
    return { id: bundleId(k), label: bundleLabel(k), x: b.x, y: b.y, shape: "box", font: { size: 12 },
             color: { background: "#fff", border: D.style[byId[b.members[0]].group].color }, hidden: !bundleShown(k),
             title: cut(label(of), CUT.list) };
  })));
  var visEdges = new vis.DataSet(D.edges.map(function (e, i) {
    return { id: i, from: e.from, to: e.to, label: edgeLabel(e.key), arrows: "to" };
  }).concat(bundles.map(function (b, k) {
    return { id: bundleId(k), from: bundleId(k), to: b.of, dashes: true };
  })));
  var network = new vis.Network(document.getElementById("vdg-network"), { nodes: visNodes, edges: visEdges }, {
    physics: { enabled: false },
    layout: { improvedLayout: false },
    edges: { smooth: false, font: { size: 9, align: "middle" }, color: { inherit: false, color: "#bbb", highlight: "#333" } },
    nodes: { borderWidth: 1 },
    interaction: { hover: false, tooltipDelay: 300, hideEdgesOnDrag: D.edges.length > 5000 }
  });
  window.vdgNetwork = network;
  window.vdg = { data: D, nodes: visNodes, edges: visEdges, drawn: false };
  network.once("afterDrawing", function () {
    window.vdg.drawn = true; window.vdgFirstDraw = performance.now();
    placeLabels();
  });

  /* Whatever the zoom, the labels of the most central visible nodes are drawn at a readable size, as
     many as fit without overlapping (up to TOP_LABELS); the others appear as the view is zoomed in. */
  var TOP_LABELS = 30, LABEL_PX = 13;
  var central = byId.filter(function (n) { return n.size > 5; })
    .sort(function (a, b) { return b.size - a.size || a.id - b.id; });
  var enlarged = [];
  function placeLabels() {
    var scale = network.getScale(), boxes = [], chosen = [];
    for (var j = 0; j < central.length && chosen.length < TOP_LABELS; j++) {
      var n = central[j];
      if (!visible(n)) continue;
      var p = network.canvasToDOM({ x: n.x, y: n.y }), w = cut(label(n), CUT.canvas).length * LABEL_PX * 0.6;
      var top = p.y + n.size * scale, box = { x0: p.x - w / 2, x1: p.x + w / 2, y0: top, y1: top + LABEL_PX * 1.3 };
      if (boxes.some(function (b) { return b.x0 < box.x1 && box.x0 < b.x1 && b.y0 < box.y1 && box.y0 < b.y1; })) continue;
      boxes.push(box); chosen.push(n.id);
    }
    var size = Math.max(14, LABEL_PX / scale);
    visNodes.update(enlarged.filter(function (i) { return chosen.indexOf(i) < 0; })
      .map(function (i) { return { id: i, font: { size: 14 } }; })
      .concat(chosen.map(function (i) { return { id: i, font: { size: size } }; })));
    enlarged = chosen;
    window.vdg.labelled = chosen;
  }

  /* Search: diacritics and case ignored. */
  var index = byId.map(function (n) { return norm([n.vi, n.en].concat(n.alt).join(" | ")); });
  var results = document.getElementById("vdg-results");
  function search(q) {
    results.textContent = "";
    var k = norm(q);
    if (!k) return [];
    var hits = [];
    for (var i = 0; i < index.length && hits.length < 30; i++) {
      if (index[i].indexOf(k) >= 0 && shown(byId[i])) hits.push(i);
    }
    hits.forEach(function (i) {
      var li = el("li", cut(label(byId[i]), CUT.list));
      li.dataset.node = String(i);
      li.addEventListener("click", function () { select(i, true); });
      results.appendChild(li);
    });
    if (hits.length) { network.selectNodes([hits[0]]); }
    return hits;
  }
  var box = document.getElementById("vdg-search");
  box.addEventListener("input", function () { search(box.value); });
  box.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { var h = search(box.value); if (h.length) select(h[0], true); }
  });

  /* Legend and class filter. */
  var legend = document.getElementById("vdg-legend");
  var legendLabels = {};
  D.groups.forEach(function (g) {
    var lab = el("label"), box = el("input"), sw = el("span", null, "swatch"), txt = el("span", classLabel(g));
    box.type = "checkbox"; box.checked = true; box.value = g; box.dataset.group = g;
    sw.style.background = D.style[g].color;
    box.addEventListener("change", function () { setGroup(g, box.checked); });
    lab.appendChild(box); lab.appendChild(sw); lab.appendChild(txt);
    legend.appendChild(lab);
    legendLabels[g] = txt;
  });
  function setGroup(g, shown) {
    if (shown) delete hiddenGroups[g]; else hiddenGroups[g] = true;
    refresh();
  }

  /* Date control: the graph as of a day. Holdings over their term, agencies between the changes that
     made and ended them, legal documents while in force (n.time: from, to excluded, as ISO days);
     what no date places is hidden once a day is chosen; the rest is always shown. */
  function holdsOn(n, day) {
    if (!day || !n.time) return true;
    if (n.time.undated) return false;
    return (!n.time.from || n.time.from <= day) && (!n.time.to || day < n.time.to);
  }
  /* shown: what the class filter and the date let through; visible: shown and not folded in a bundle. */
  function shown(n) { return !hiddenGroups[n.group] && holdsOn(n, asOf); }
  function visible(n) { return shown(n) && !(n.id in bundleOf && !opened[bundleOf[n.id]]); }
  function bundleShown(k) { return !opened[k] && bundleCount(k) > 0; }
  function refresh() {
    visNodes.update(byId.map(function (n) { return { id: n.id, hidden: !visible(n) }; })
      .concat(bundles.map(function (b, k) { return { id: bundleId(k), hidden: !bundleShown(k), label: bundleLabel(k) }; })));
    placeLabels();
  }
  function setDate(day) {
    asOf = /^\d{4}-\d{2}-\d{2}$/.test(day) ? day : "";
    refresh();
  }
  function expand(k, open) {
    opened[k] = open;
    refresh();
    if (current !== null) showPanel(current);
  }
  window.vdg.expand = function (k) { expand(k, true); };
  window.vdg.collapse = function (k) { expand(k, false); };
  window.vdg.expandAll = function () { bundles.forEach(function (b, k) { opened[k] = true; }); refresh(); };
  var dateBox = document.getElementById("vdg-date");
  dateBox.addEventListener("change", function () { setDate(dateBox.value); });
  dateBox.addEventListener("input", function () { setDate(dateBox.value); });
  window.vdg.setDate = setDate;

  /* Language switch. */
  function setLang(l) {
    lang = l;
    document.documentElement.lang = l;
    visNodes.update(byId.map(function (n) { return { id: n.id, label: cut(label(n), CUT.canvas) }; })
      .concat(bundles.map(function (b, k) { return { id: bundleId(k), label: bundleLabel(k) }; })));
    visEdges.update(D.edges.map(function (e, i) { return { id: i, label: edgeLabel(e.key) }; }));
    D.groups.forEach(function (g) { legendLabels[g].textContent = classLabel(g); });
    if (current !== null) showPanel(current);
    if (box.value) search(box.value);
  }
  Array.prototype.forEach.call(document.querySelectorAll("input[name=vdg-lang]"), function (r) {
    r.addEventListener("change", function () { if (r.checked) setLang(r.value); });
  });

  /* Side panel and neighbourhood highlight. */
  var panel = document.getElementById("vdg-panel"), body = document.getElementById("vdg-panel-body");
  var current = null;
  function nodeLink(i, text) {
    var a = el("span", text, "link");
    a.addEventListener("click", function () { select(i, true); });
    return a;
  }
  function showPanel(i) {
    var n = byId[i];
    current = i;
    body.textContent = "";
    body.appendChild(el("h2", cut(label(n), CUT.heading)));
    body.appendChild(el("div", classLabel(n.cls) + (n.cls !== n.group ? " (" + classLabel(n.group) + ")" : ""), "type"));
    body.appendChild(el("div", cut(n.iri, CUT.text), "iri"));
    if (D.pages && n.iri.indexOf(D.pages.base) === 0) {  /* the static site: a link to the node's own page */
      var page = el("a", lang === "vi" ? "Trang của nút này →" : "This node's page →", "page");
      page.href = D.pages.prefix + n.iri.slice(D.pages.base.length) + ".html";
      body.appendChild(page);
    }
    var dl = el("dl");
    function row(k, v) { dl.appendChild(el("dt", cut(k, CUT.heading))); var dd = el("dd"); if (v instanceof Node) dd.appendChild(v); else dd.textContent = cut(v, CUT.text); dl.appendChild(dd); }
    row("vi", n.vi); row("en", n.en);
    if (n.alt.length) row(lang === "vi" ? "Tên khác" : "Also known as", n.alt.join("; "));
    n.props.forEach(function (p) { row(predLabel(p[0]), lang === "vi" ? p[1] : p[2]); });
    D.edges.forEach(function (e) {
      if (e.from === i) row(predLabel(e.key) + " →", nodeLink(e.to, cut(label(byId[e.to]), CUT.heading)));
    });
    D.edges.forEach(function (e) {
      if (e.to === i) row("← " + predLabel(e.key), nodeLink(e.from, cut(label(byId[e.from]), CUT.heading)));
    });
    if (i in bundleFor) {  /* an indicator: show or fold its figures */
      var k = bundleFor[i], toggle = el("button", opened[k]
        ? (lang === "vi" ? "Thu gọn số liệu" : "Fold the figures")
        : (lang === "vi" ? "Hiện " : "Show ") + bundleLabel(k), "bundle");
      toggle.type = "button";
      toggle.addEventListener("click", function () { expand(k, !opened[k]); });
      body.appendChild(toggle);
    }
    body.appendChild(el("h3", lang === "vi" ? "Thuộc tính và quan hệ" : "Properties and relations"));
    body.appendChild(dl);
    body.appendChild(el("h3", lang === "vi" ? "Nguồn" : "Sources"));
    if (!n.sources.length) body.appendChild(el("p", "—"));
    n.sources.forEach(function (s) {
      var name = cut(lang === "vi" ? s[2] : s[3], CUT.heading);
      var div = el("div", null, "source");
      div.appendChild(s[0] >= 0 ? nodeLink(s[0], name) : el("span", name));
      s[4].forEach(function (q) { div.appendChild(el("blockquote", cut(q, CUT.text), "quote")); });
      body.appendChild(div);
    });
    panel.hidden = false;
  }
  function select(i, focus) {
    if (i in bundleOf && !opened[bundleOf[i]]) expand(bundleOf[i], true);
    var nbrs = network.getConnectedNodes(i);
    network.setSelection({ nodes: [i].concat(nbrs), edges: network.getConnectedEdges(i) }, { highlightEdges: false });
    showPanel(i);
    if (focus) network.focus(i, { scale: Math.max(network.getScale(), 0.8), animation: false });
  }
  window.vdg.select = select;
  window.vdg.search = search;
  network.on("click", function (ev) {
    if (!ev.nodes.length) return;
    var id = ev.nodes[0];
    if (typeof id === "string") expand(Number(id.slice("bundle-".length)), true); else select(id, false);
  });
  network.on("zoom", function () { placeLabels(); });
  document.getElementById("vdg-close").addEventListener("click", function () { panel.hidden = true; current = null; network.unselectAll(); });
})();
