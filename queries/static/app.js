"use strict";
// The query page: examples from /catalogue.json, queries POSTed to /sparql, results drawn with textContent only.
(function () {
  const $ = (id) => document.getElementById(id);
  const PREFIXES = [
    ["https://w3id.org/vdg/ontology#", "vdg:"],
    ["https://w3id.org/vdg/id/", "id:"],
    ["https://w3id.org/vdg/graph/", "graph:"],
    ["http://www.w3.org/2001/XMLSchema#", "xsd:"],
  ];
  let examples = [];

  function short(value) {
    for (const [base, prefix] of PREFIXES) {
      if (value.startsWith(base)) return prefix + value.slice(base.length);
    }
    return value;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function cell(tag, text, cls) {
    const el = document.createElement(tag);
    el.textContent = text;
    if (cls) el.className = cls;
    return el;
  }

  function showSummary(example) {
    const box = $("summary");
    clear(box);
    if (!example) return;
    for (const lang of ["vi", "en"]) {
      if (example.summary[lang]) {
        const span = cell("span", example.summary[lang]);
        span.lang = lang;
        box.appendChild(span);
      }
    }
  }

  async function loadExamples() {
    try {
      const response = await fetch("/catalogue.json");
      examples = await response.json();
    } catch (e) {
      return;
    }
    const select = $("examples");
    examples.forEach((ex, i) => {
      const option = document.createElement("option");
      option.value = String(i);
      option.textContent = ex.name + " — " + (ex.summary.vi || ex.summary.en || "");
      select.appendChild(option);
    });
  }

  function render(doc) {
    const thead = $("table").tHead, tbody = $("table").tBodies[0];
    clear(thead); clear(tbody);
    if ("boolean" in doc) {
      const row = thead.insertRow();
      row.appendChild(cell("th", "boolean"));
      tbody.insertRow().appendChild(cell("td", String(doc.boolean)));
      return 1;
    }
    const vars = doc.head.vars;
    const head = thead.insertRow();
    vars.forEach((v) => head.appendChild(cell("th", v)));
    for (const binding of doc.results.bindings) {
      const row = tbody.insertRow();
      for (const v of vars) {
        const term = binding[v];
        if (!term) { row.appendChild(cell("td", "")); continue; }
        let text = term.type === "uri" ? short(term.value) : term.type === "bnode" ? "_:" + term.value : term.value;
        if (term["xml:lang"]) text += " @" + term["xml:lang"];
        row.appendChild(cell("td", text, term.type));
      }
    }
    return doc.results.bindings.length;
  }

  function renderTriples(text) {
    const thead = $("table").tHead, tbody = $("table").tBodies[0];
    clear(thead); clear(tbody);
    const head = thead.insertRow();
    head.appendChild(cell("th", "N-Triples"));
    const lines = text.split("\n").filter((l) => l.trim());
    lines.forEach((l) => tbody.insertRow().appendChild(cell("td", l)));
    return lines.length;
  }

  function clearResults() {
    clear($("table").tHead); clear($("table").tBodies[0]);
  }

  function fail(statusText, message) {
    clearResults();  // a failed query must not leave the previous answer on screen as if it were its own
    $("status").textContent = statusText;
    $("error").textContent = message;
    $("error").hidden = false;
  }

  async function run() {
    const error = $("error"), status = $("status");
    error.hidden = true;
    status.textContent = "…";
    const started = performance.now();
    try {
      const response = await fetch("/sparql", {
        method: "POST",
        headers: {
          "Content-Type": "application/sparql-query; charset=utf-8",
          "Accept": "application/sparql-results+json, application/n-triples;q=0.9",
        },
        body: $("query").value,
      });
      const text = await response.text();
      if (!response.ok) {
        fail("HTTP " + response.status, text);
        return;
      }
      const type = response.headers.get("Content-Type") || "";
      const count = type.includes("json") ? render(JSON.parse(text)) : renderTriples(text);
      const truncated = response.headers.get("X-VDG-Truncated") === "true" ? " (truncated / đã cắt bớt)" : "";
      status.textContent = count + " rows / dòng" + truncated + " — " + Math.round(performance.now() - started) + " ms";
    } catch (e) {
      fail("", String(e));
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    loadExamples();
    $("examples").addEventListener("change", (event) => {
      const example = examples[Number(event.target.value)];
      if (event.target.value === "" || !example) { showSummary(null); return; }
      $("query").value = example.query;
      showSummary(example);
    });
    $("run").addEventListener("click", run);
  });
})();
