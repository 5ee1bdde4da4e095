// lookalike HTML report: search, verdict filter, sort by risk. Works on the
// page's own rows only; it fetches nothing.
(function () {
  "use strict";
  var q = document.getElementById("q");
  var boxes = document.querySelectorAll("input[data-verdict]");
  var count = document.getElementById("shown");
  function apply() {
    var term = q.value.trim().toLowerCase();
    var on = {};
    boxes.forEach(function (b) { on[b.getAttribute("data-verdict")] = b.checked; });
    var shown = 0;
    document.querySelectorAll("section[data-verdict]").forEach(function (sec) {
      var v = sec.getAttribute("data-verdict");
      var visible = 0;
      sec.querySelectorAll("tr[data-name]").forEach(function (tr) {
        var hit = on[v] !== false && (term === "" || tr.getAttribute("data-name").indexOf(term) >= 0);
        tr.classList.toggle("hidden", !hit);
        if (hit) { visible++; }
      });
      sec.classList.toggle("hidden", on[v] === false);
      shown += visible;
    });
    if (count) { count.textContent = String(shown); }
  }
  function sortBy(th) {
    var table = th.closest("table");
    var body = table.tBodies[0];
    var col = Array.prototype.indexOf.call(th.parentNode.children, th);
    var desc = th.getAttribute("aria-sort") !== "descending";
    table.querySelectorAll("th.sort").forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", desc ? "descending" : "ascending");
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = Number(a.cells[col].getAttribute("data-v")), y = Number(b.cells[col].getAttribute("data-v"));
      if (x !== y) { return desc ? y - x : x - y; }
      return a.getAttribute("data-name") < b.getAttribute("data-name") ? -1 : 1;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }
  // A link may carry a search and the verdicts to show:
  // report.html#q=login&v=third-party,parked opens filtered.
  var params = new URLSearchParams(location.hash.slice(1));
  if (q && params.has("q")) { q.value = params.get("q"); }
  if (params.has("v")) {
    var want = params.get("v").split(",");
    boxes.forEach(function (b) { b.checked = want.indexOf(b.getAttribute("data-verdict")) >= 0; });
  }
  if (q) { q.addEventListener("input", apply); }
  boxes.forEach(function (b) { b.addEventListener("change", apply); });
  document.querySelectorAll("th.sort").forEach(function (th) {
    th.addEventListener("click", function () { sortBy(th); });
  });
  var controls = document.getElementById("controls");
  if (controls) { controls.hidden = false; }
  apply();
})();
