// Pedigree web UI: our own small script, bundled; it never inserts markup, only text.
(function () {
  'use strict';

  function pageData() {
    var block = document.getElementById('pedigree-page');
    try { return block ? JSON.parse(block.textContent) : {}; } catch (e) { return {}; }
  }

  // Sortable tables: click a header with data-sort="num" or "text"; click again to reverse.
  function sortable(table) {
    var headers = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(headers, function (th, column) {
      var kind = th.getAttribute('data-sort');
      if (!kind) { return; }
      th.classList.add('sort');
      th.tabIndex = 0;
      var activate = function () {
        var ascending = th.getAttribute('aria-sort') !== 'ascending';
        Array.prototype.forEach.call(headers, function (other) { other.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = key(a.cells[column], kind);
          var y = key(b.cells[column], kind);
          var order = kind === 'num' ? compareNumbers(x, y) : String(x).localeCompare(String(y));
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      };
      th.addEventListener('click', activate);
      th.addEventListener('keydown', function (e) { if (e.key === 'Enter') { activate(); } });
    });
  }

  function key(cell, kind) {
    if (!cell) { return kind === 'num' ? NaN : ''; }
    var value = cell.hasAttribute('data-value') ? cell.getAttribute('data-value') : cell.textContent.trim();
    return kind === 'num' ? (value === '' ? NaN : Number(value)) : value;
  }

  function compareNumbers(x, y) {
    if (isNaN(x) && isNaN(y)) { return 0; }
    if (isNaN(x)) { return 1; }
    if (isNaN(y)) { return -1; }
    return x - y;
  }

  // Alias move and rollback forms, present only when the service enabled writes.
  function aliasWrites(data) {
    document.querySelectorAll('form.alias-write').forEach(function (form) {
      form.addEventListener('submit', function (event) {
        event.preventDefault();
        var body = { reason: form.elements.reason.value };
        if (form.getAttribute('data-action') === 'move') { body.version = Number(form.elements.version.value); }
        var status = form.parentNode.querySelector('.write-result');
        var headers = { 'Content-Type': 'application/json' };
        headers[data.csrfHeader] = data.csrfToken;
        fetch(form.getAttribute('data-url'), {
          method: 'POST', headers: headers, body: JSON.stringify(body), credentials: 'same-origin'
        }).then(function (response) {
          return response.json().then(function (json) { return { ok: response.ok, json: json }; });
        }).then(function (result) {
          if (result.ok) { window.location.reload(); return; }
          status.textContent = result.json.error || 'The write was refused.';
          status.className = 'write-result error';
        }).catch(function (e) {
          status.textContent = 'The write failed: ' + e;
          status.className = 'write-result error';
        });
      });
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    var data = pageData();
    document.querySelectorAll('table.sortable').forEach(sortable);
    var select = document.getElementById('metric-select');
    if (select) { select.addEventListener('change', function () { select.form.submit(); }); }
    var copy = document.getElementById('copy-json');
    if (copy && data.version) {
      copy.addEventListener('click', function () {
        var text = JSON.stringify(data.version, null, 2);
        if (navigator.clipboard) {
          navigator.clipboard.writeText(text).then(function () { copy.textContent = 'Copied'; },
            function () { copy.textContent = 'Copy failed'; });
        }
      });
    }
    if (data.csrfToken) { aliasWrites(data); }
    // A wide lineage graph scrolls; start with the version itself in the middle of the view.
    var root = document.querySelector('#lineage-graph g.node.root rect');
    if (root) {
      var box = root.closest('.scroll');
      var r = root.getBoundingClientRect();
      var b = box.getBoundingClientRect();
      box.scrollLeft += (r.left + r.width / 2) - (b.left + b.width / 2);
    }
  });
}());
