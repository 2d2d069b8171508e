/* VDG graph view: reads the JSON in #vdg-data, draws it with vis-network (physics off, positions
   precomputed), and wires search, class filter, language switch and the side panel.
   All data reaches the page through textContent or vis-network's canvas, never as HTML. */
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("vdg-data").textContent);
  var lang = D.lang;
  var byId = D.nodes;  // node i has id i
  var hiddenGroups = {};

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

  var visNodes = new vis.DataSet(byId.map(function (n) {
    var st = D.style[n.group];
    return { id: n.id, label: cut(label(n), CUT.canvas), x: n.x, y: n.y, size: n.size, shape: st.shape,
             color: st.color, font: { size: n.size <= 5 ? 8 : 14 } };
  }));
  var visEdges = new vis.DataSet(D.edges.map(function (e, i) {
    return { id: i, from: e.from, to: e.to, label: edgeLabel(e.key), arrows: "to" };
  }));
  var network = new vis.Network(document.getElementById("vdg-network"), { nodes: visNodes, edges: visEdges }, {
    physics: { enabled: false },
    layout: { improvedLayout: false },
    edges: { smooth: false, font: { size: 9, align: "middle" }, color: { inherit: false, color: "#bbb", highlight: "#333" } },
    nodes: { borderWidth: 1 },
    interaction: { hover: false, tooltipDelay: 300, hideEdgesOnDrag: D.edges.length > 5000 }
  });
  window.vdgNetwork = network;
  window.vdg = { data: D, nodes: visNodes, edges: visEdges, drawn: false };
  network.once("afterDrawing", function () { window.vdg.drawn = true; window.vdgFirstDraw = performance.now(); });

  /* Search: diacritics and case ignored. */
  var index = byId.map(function (n) { return norm([n.vi, n.en].concat(n.alt).join(" | ")); });
  var results = document.getElementById("vdg-results");
  function search(q) {
    results.textContent = "";
    var k = norm(q);
    if (!k) return [];
    var hits = [];
    for (var i = 0; i < index.length && hits.length < 30; i++) {
      if (index[i].indexOf(k) >= 0 && visible(byId[i])) hits.push(i);
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
    visNodes.update(byId.filter(function (n) { return n.group === g; })
      .map(function (n) { return { id: n.id, hidden: !visible(n) }; }));
  }

  /* Date control: the graph as of a day. Holdings over their term, agencies between the changes that
     made and ended them, legal documents while in force (n.time: from, to excluded, as ISO days);
     what no date places is hidden once a day is chosen; the rest is always shown. */
  var asOf = "";
  function holdsOn(n, day) {
    if (!day || !n.time) return true;
    if (n.time.undated) return false;
    return (!n.time.from || n.time.from <= day) && (!n.time.to || day < n.time.to);
  }
  function visible(n) { return !hiddenGroups[n.group] && holdsOn(n, asOf); }
  function setDate(day) {
    asOf = /^\d{4}-\d{2}-\d{2}$/.test(day) ? day : "";
    visNodes.update(byId.map(function (n) { return { id: n.id, hidden: !visible(n) }; }));
  }
  var dateBox = document.getElementById("vdg-date");
  dateBox.addEventListener("change", function () { setDate(dateBox.value); });
  dateBox.addEventListener("input", function () { setDate(dateBox.value); });
  window.vdg.setDate = setDate;

  /* Language switch. */
  function setLang(l) {
    lang = l;
    document.documentElement.lang = l;
    visNodes.update(byId.map(function (n) { return { id: n.id, label: cut(label(n), CUT.canvas) }; }));
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
    var nbrs = network.getConnectedNodes(i);
    network.setSelection({ nodes: [i].concat(nbrs), edges: network.getConnectedEdges(i) }, { highlightEdges: false });
    showPanel(i);
    if (focus) network.focus(i, { scale: Math.max(network.getScale(), 0.8), animation: false });
  }
  window.vdg.select = select;
  window.vdg.search = search;
  network.on("click", function (ev) {
    if (ev.nodes.length) select(ev.nodes[0], false);
  });
  document.getElementById("vdg-close").addEventListener("click", function () { panel.hidden = true; current = null; network.unselectAll(); });
})();
