/* The index page's search: case and diacritics ignored ("bo thong tin" finds "Bộ Thông tin"), over
   the labels and aliases of every entity embedded in the page; results are links to the pages. */
(function () {
  "use strict";
  var rows = JSON.parse(document.getElementById("vdg-index").textContent);
  var box = document.getElementById("search"), list = document.getElementById("results");
  var status = document.getElementById("results-status");
  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }
  var keys = rows.map(function (r) { return fold([r[1], r[2]].concat(r[3]).join(" | ")); });
  function run() {
    var q = fold(box.value.trim());
    list.textContent = "";
    if (!q) { status.textContent = ""; return; }
    var hits = 0;
    for (var i = 0; i < rows.length && hits < 50; i++) {
      if (keys[i].indexOf(q) < 0) continue;
      hits++;
      var li = document.createElement("li"), a = document.createElement("a"), bdi = document.createElement("bdi");
      a.href = rows[i][0];
      bdi.textContent = rows[i][1];
      a.appendChild(bdi);
      li.appendChild(a);
      li.appendChild(document.createTextNode(" — " + rows[i][2] + " (" + rows[i][4] + ")"));
      list.appendChild(li);
    }
    status.textContent = hits ? hits + (hits === 50 ? "+" : "") + " kết quả / results" : "Không tìm thấy / Nothing found";
  }
  box.addEventListener("input", run);
  var wanted = new URLSearchParams(window.location.search).get("q");
  if (wanted) { box.value = wanted; run(); }
  window.vdgSearch = run;
})();
