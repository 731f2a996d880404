// Sorting by a column header and CSV downloads, in plain JavaScript.
(function () {
  "use strict";
  // A cell's number: its leading figure without thousands separators ("1,234 to 5" -> 1234).
  function number(text) {
    var m = text.replace(/,/g, "").match(/^\s*[+-]?(\d+(\.\d+)?|\.\d+)(e[+-]?\d+)?/i);
    return m ? parseFloat(m[0]) : null;
  }
  function sortBy(table, column, th) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    var text = function (row) { return row.cells[column].textContent.trim(); };
    rows.sort(function (a, b) {
      var x = text(a), y = text(b), nx = number(x), ny = number(y);
      var order = (nx !== null && ny !== null) ? nx - ny : x.localeCompare(y);
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) {
      cell.removeAttribute("aria-sort");
    });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, column) {
      th.querySelector("button").addEventListener("click", function () {
        sortBy(table, column, th);
      });
    });
  });
  document.querySelectorAll("a.csv").forEach(function (a) {
    a.href = "data:text/csv;charset=utf-8," + encodeURIComponent(CSV[a.dataset.csv]);
  });
})();
