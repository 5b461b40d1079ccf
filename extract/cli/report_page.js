/* The script of `vnplan report`: reads the data block and draws the
 * tables, the filters and the timeline. Text goes into the page only as
 * textContent, never as markup. */
(function () {
  'use strict';
  var docs = JSON.parse(document.getElementById('vnplan-data').textContent);
  var several = docs.length > 1;
  if (!several) document.body.classList.add('single');

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }
  function cell(row, cls, text) { return row.appendChild(el('td', cls, text)); }
  function byId(id) { return document.getElementById(id); }
  /* Text as search compares it: no tone marks, đ as d, lower case. */
  function fold(s) {
    return (s || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '')
      .replace(/[đĐ]/g, 'd').toLowerCase();
  }
  function dmy(iso) { return iso ? iso.slice(8, 10) + '/' + iso.slice(5, 7) + '/' + iso.slice(0, 4) : ''; }
  function quarterOf(iso) {
    return iso ? iso.slice(0, 4) + '-Q' + (Math.floor((Number(iso.slice(5, 7)) - 1) / 3) + 1) : 'none';
  }
  function quarterLabel(q) { return q === 'none' ? 'no date' : 'Q' + q.slice(6) + ' ' + q.slice(0, 4); }
  function addOption(select, value, label) {
    var o = el('option', null, label);
    o.value = value;
    select.appendChild(o);
  }
  function base(path) { return path.slice(path.lastIndexOf('/') + 1); }
  function place(d, line) { return several ? base(d.file) + ':' + line : String(line); }
  function fileCell(tr, d) {
    var td = cell(tr, 'file-col', base(d.file));
    td.title = d.file;
    return td;
  }
  function countText(shown, total, noun) {
    return (shown === total ? total : shown + ' of ' + total) + ' ' + noun;
  }
  /* Shows the rows whose item passes keep; says how many in the count. */
  function filterRows(list, keep, countId, noun) {
    var shown = 0;
    list.forEach(function (x) {
      var on = keep(x);
      x.row.hidden = !on;
      shown += on;
    });
    byId(countId).textContent = countText(shown, list.length, noun);
  }
  function emptyRow(tbody, columns, text) {
    var tr = tbody.appendChild(el('tr', 'none-row'));
    var td = cell(tr, 'empty', text);
    td.colSpan = columns;
    return tr;
  }

  /* ---- tasks --------------------------------------------------------------- */
  var tasks = [];
  docs.forEach(function (d, di) {
    (d.tasks || []).forEach(function (t) {
      t.doc = di;
      t.quarter = quarterOf(t.end);
      t.words = fold([t.number, t.task, t.lead, t.support, t.time, t.section, t.output].join(' '));
      tasks.push(t);
    });
  });

  function agencyRow(tr, text, agencies) {
    var td = cell(tr, 'agency', text || '');
    td.title = agencies.map(function (a) { return a[0]; }).join('; ');
  }
  function dueCell(tr, t) {
    var td = cell(tr, 'due', t.time || '');
    td.dataset.sort = t.end || '';
    if (t.end) {
      var span = t.start && t.start !== t.end ? dmy(t.start) + ' – ' + dmy(t.end) : dmy(t.end);
      td.appendChild(el('small', null, span + (t.recurrence ? ', ' + t.recurrence : '')));
    }
  }
  var taskBody = byId('tasks').tBodies[0];
  tasks.forEach(function (t) {
    var tr = t.row = el('tr');
    fileCell(tr, docs[t.doc]);
    cell(tr, 'num', t.number || '');
    cell(tr, 'task', t.task || '');
    agencyRow(tr, t.lead, t.lead_agencies);
    agencyRow(tr, t.support, t.support_agencies);
    dueCell(tr, t);
    cell(tr, 'section', t.section || '');
    cell(tr, 'line', String(t.line));
    taskBody.appendChild(tr);
  });
  if (!tasks.length) emptyRow(taskBody, 8, 'No task records were found.');

  /* The agencies, one per key, named by their most frequent spelling. */
  function agencyOptions() {
    var seen = {};
    var list = [];
    tasks.forEach(function (t) {
      var keys = {};
      t.lead_agencies.concat(t.support_agencies).forEach(function (a) {
        if (keys[a[1]]) return;
        keys[a[1]] = true;
        var e = seen[a[1]];
        if (!e) { e = seen[a[1]] = { key: a[1], tasks: 0, names: {} }; list.push(e); }
        e.tasks++;
        e.names[a[0]] = (e.names[a[0]] || 0) + 1;
      });
    });
    list.forEach(function (e) {
      e.name = Object.keys(e.names).sort(function (a, b) {
        return e.names[b] - e.names[a] || (a < b ? -1 : a > b ? 1 : 0);
      })[0];
    });
    list.sort(function (a, b) { return b.tasks - a.tasks || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0); });
    var select = byId('f-agency');
    list.forEach(function (e) { addOption(select, e.key, e.name + ' (' + e.tasks + ')'); });
  }
  function distinctOptions(select, values, label) {
    var seen = {};
    values.forEach(function (v) {
      if (v === null || v === undefined || seen[v]) return;
      seen[v] = true;
      addOption(select, v, label ? label(v) : v);
    });
  }
  agencyOptions();
  /* The sections of the chosen document (of every document when none is). */
  function fillSections() {
    var select = byId('f-section'), file = byId('f-file').value, keep = select.value;
    while (select.options.length > 1) select.remove(1);
    distinctOptions(select, tasks.filter(function (t) { return file === '' || String(t.doc) === file; })
      .map(function (t) { return t.section; }));
    select.value = keep;
    if (select.value !== keep) select.value = '';
  }
  var quarters = Object.keys(tasks.reduce(function (m, t) { m[t.quarter] = true; return m; }, {}))
    .sort(function (a, b) { return a === 'none' ? 1 : b === 'none' ? -1 : a < b ? -1 : a > b ? 1 : 0; });
  distinctOptions(byId('f-quarter'), quarters, quarterLabel);

  /* The quarters of the timeline: every quarter from the first deadline to
   * the last when they span at most ten years, else those that have one. */
  function timelineQuarters() {
    var dated = quarters.filter(function (q) { return q !== 'none'; });
    if (!dated.length) return quarters;
    function index(q) { return Number(q.slice(0, 4)) * 4 + Number(q.slice(6)) - 1; }
    var first = index(dated[0]), last = index(dated[dated.length - 1]);
    if (last - first >= 40) return quarters;
    var all = [];
    for (var k = first; k <= last; k++) all.push(Math.floor(k / 4) + '-Q' + (k % 4 + 1));
    return quarters.indexOf('none') >= 0 ? all.concat(['none']) : all;
  }
  if (several) distinctOptions(byId('f-file'), docs.map(function (d, i) { return String(i); }),
    function (i) { return docs[i].file; });
  else byId('f-file-box').hidden = true;
  fillSections();
  byId('f-file').addEventListener('change', fillSections);

  function hasAgency(t, key, role) {
    function has(list) { return list.some(function (a) { return a[1] === key; }); }
    return (role !== 'support' && has(t.lead_agencies)) || (role !== 'lead' && has(t.support_agencies));
  }
  function taskMatches(t, f) {
    if (f.file !== '' && String(t.doc) !== f.file) return false;
    if (f.section && t.section !== f.section) return false;
    if (f.agency && !hasAgency(t, f.agency, f.role)) return false;
    if (f.quarter && t.quarter !== f.quarter) return false;
    if ((f.from || f.to) && !t.end) return false;
    if (f.from && t.end < f.from) return false;
    if (f.to && t.end > f.to) return false;
    return f.words.every(function (w) { return t.words.indexOf(w) >= 0; });
  }
  function taskFilter() {
    return {
      file: byId('f-file').value, section: byId('f-section').value,
      agency: byId('f-agency').value, role: byId('f-role').value,
      quarter: byId('f-quarter').value, from: byId('f-from').value, to: byId('f-to').value,
      words: fold(byId('f-text').value).split(/\s+/).filter(Boolean)
    };
  }
  function applyTasks() {
    var f = taskFilter();
    filterRows(tasks, function (t) { return taskMatches(t, f); }, 'task-count', 'tasks');
    var bars = byId('timeline-bars').children;
    for (var k = 0; k < bars.length; k++)
      bars[k].classList.toggle('on', bars[k].dataset.quarter === f.quarter);
  }

  /* ---- timeline ------------------------------------------------------------ */
  function drawTimeline() {
    var counts = {};
    tasks.forEach(function (t) { counts[t.quarter] = (counts[t.quarter] || 0) + 1; });
    /* Scaled to the dated quarters: the bar of the tasks without a date
     * stops at the top and says its count. */
    var most = Math.max.apply(null, quarters.filter(function (q) { return q !== 'none'; })
      .map(function (q) { return counts[q]; }).concat([1]));
    var shown = timelineQuarters();
    var box = byId('timeline-bars');
    if (!quarters.length) box.appendChild(el('p', 'empty', 'No task records were found.'));
    shown.forEach(function (q, i) {
      counts[q] = counts[q] || 0;
      var bar = el('button', q === 'none' ? 'bar none' : counts[q] ? 'bar' : 'bar zero');
      bar.disabled = !counts[q];
      bar.type = 'button';
      bar.dataset.quarter = q;
      bar.title = counts[q] + ' tasks, ' + quarterLabel(q);
      bar.appendChild(el('b', null, counts[q] ? String(counts[q]) : ''));
      var column = bar.appendChild(el('i'));
      column.style.height = Math.round(110 * Math.min(1, counts[q] / most)) + 'px';
      bar.appendChild(el('span', null, q === 'none' ? 'no date' : 'Q' + q.slice(6)));
      var year = q !== 'none' && (!i || shown[i - 1].slice(0, 4) !== q.slice(0, 4)) ? q.slice(0, 4) : '';
      bar.appendChild(el('em', null, year || '\u00a0'));
      bar.addEventListener('click', function () {
        var select = byId('f-quarter');
        select.value = select.value === q ? '' : q;
        applyTasks();
        byId('tasks-section').scrollIntoView();
      });
      box.appendChild(bar);
    });
  }
  drawTimeline();
  ['f-file', 'f-section', 'f-agency', 'f-role', 'f-quarter', 'f-from', 'f-to', 'f-text'].forEach(function (id) {
    byId(id).addEventListener('input', applyTasks);
    byId(id).addEventListener('change', applyTasks);
  });
  byId('f-reset').addEventListener('click', function () {
    byId('task-filters').reset();
    fillSections();
    applyTasks();
  });
  applyTasks();

  /* ---- sorting -------------------------------------------------------------- */
  /* A click on a column's heading sorts the table's rows by that column,
   * a second click the other way; rows keep their filter. A cell sorts by
   * its data-sort value (ISO dates) or its text, numbers as numbers (1.2
   * before 1.10), letters as Vietnamese orders them, empty cells last
   * either way; equal cells keep the order of the documents. */
  var collator = new Intl.Collator('vi', { numeric: true, sensitivity: 'base' });
  function sortKey(row, column) {
    var td = row.cells[column];
    if (!td) return '';
    return td.dataset.sort !== undefined ? td.dataset.sort : td.textContent.trim();
  }
  function sortRows(table, column, down) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows).filter(function (r) { return !r.classList.contains('none-row'); });
    var keyed = rows.map(function (r, i) { return { row: r, key: sortKey(r, column), at: i }; });
    keyed.sort(function (a, b) {
      if (!a.key !== !b.key) return a.key ? -1 : 1;
      var c = collator.compare(a.key, b.key);
      return (down ? -c : c) || a.at - b.at;
    });
    keyed.forEach(function (k) { body.appendChild(k.row); });
  }
  function sortable(id) {
    var table = byId(id);
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, column) {
      th.tabIndex = 0;
      th.classList.add('sortable');
      th.title = 'Sort by this column';
      function sort() {
        var down = th.getAttribute('aria-sort') === 'ascending';
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', down ? 'descending' : 'ascending');
        sortRows(table, column, down);
      }
      th.addEventListener('click', sort);
      th.addEventListener('keydown', function (e) {
        if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sort(); }
      });
    });
  }

  /* ---- cited documents ----------------------------------------------------- */
  function findingsList(td, d, c) {
    if (!c.findings.length) return;
    var ul = td.appendChild(el('ul', 'findings'));
    c.findings.forEach(function (k) {
      var g = d.diagnostics[k];
      var li = ul.appendChild(el('li'));
      li.appendChild(el('span', 'sev ' + g.severity, g.severity));
      li.appendChild(document.createTextNode(' ' + g.message + ' (line ' + g.line + ')'));
    });
  }
  function citedRow(d, c) {
    var tr = el('tr');
    fileCell(tr, d);
    var td = cell(tr, 'doc');
    /* a law cited by name has its type in its key already */
    var named = c.type && c.key && c.key.indexOf(c.type) === 0;
    td.appendChild(el('b', null, named ? c.key : [c.type, c.key].filter(Boolean).join(' ')));
    if (c.title) td.appendChild(el('small', null, c.title));
    cell(tr, 'due', c.date ? dmy(c.date) : c.date_text || '').dataset.sort = c.date || c.date_text || '';
    cell(tr, 'agency', c.issuer || '');
    var roles = cell(tr, 'roles');
    c.roles.forEach(function (r) { roles.appendChild(el('span', 'tag ' + r, r)); });
    cell(tr, 'lines', c.lines.join(', '));
    findingsList(cell(tr, null), d, c);
    return tr;
  }
  var cited = [];
  var citedBody = byId('cited').tBodies[0];
  docs.forEach(function (d) {
    (d.cited || []).forEach(function (c) {
      cited.push({ row: citedBody.appendChild(citedRow(d, c)), item: c });
    });
  });
  if (!cited.length) emptyRow(citedBody, 7, 'No cited documents were found.');
  function applyCited() {
    var role = byId('c-role').value, findings = byId('c-findings').checked;
    filterRows(cited, function (c) {
      return (!role || c.item.roles.indexOf(role) >= 0) && (!findings || c.item.findings.length > 0);
    }, 'cited-count', 'cited documents');
  }
  byId('c-role').addEventListener('change', applyCited);
  byId('c-findings').addEventListener('change', applyCited);
  applyCited();

  /* ---- diagnostics and documents ------------------------------------------- */
  function diagnosticRow(where, severity, code, message) {
    var tr = el('tr');
    cell(tr, 'line', where);
    cell(tr, null).appendChild(el('span', 'sev ' + severity, severity));
    cell(tr, 'code').appendChild(el('code', null, code));
    cell(tr, null, message);
    return tr;
  }
  var diagnostics = [];
  var diagBody = byId('diagnostics').tBodies[0];
  function addDiagnostic(tr, severity) {
    diagnostics.push({ row: diagBody.appendChild(tr), severity: severity });
  }
  docs.forEach(function (d) {
    (d.diagnostics || []).forEach(function (g) {
      addDiagnostic(diagnosticRow(g.line ? place(d, g.line) : base(d.file), g.severity, g.code,
        g.message), g.severity);
    });
    if (d.error) {
      var where = d.error.line ? d.file + ':' + d.error.line + ':' + d.error.column : d.file;
      addDiagnostic(diagnosticRow(where, 'error', 'unreadable', d.error.message), 'error');
    }
  });
  if (!diagnostics.length) emptyRow(diagBody, 4, 'No diagnostics.');
  function applyDiagnostics() {
    var sev = byId('d-severity').value;
    filterRows(diagnostics, function (g) { return !sev || g.severity === sev; },
      'diagnostics-count', 'diagnostics');
  }
  byId('d-severity').addEventListener('change', applyDiagnostics);
  applyDiagnostics();

  function documentRow(tr, d) {
    cell(tr, null).appendChild(el('code', null, d.file));
    if (d.error) {
      var td = cell(tr, 'empty', 'not read: ' + d.error.message);
      td.colSpan = 7;
      return;
    }
    cell(tr, 'code', d.type || '');
    cell(tr, 'num', [d.number, d.symbol].filter(Boolean).join('/'));
    cell(tr, 'due', d.date ? dmy(d.date) : '').dataset.sort = d.date || '';
    cell(tr, 'doc', d.title || '');
    cell(tr, 'num', String(d.tasks.length));
    cell(tr, 'num', String(d.cited.length));
    cell(tr, 'num', String(d.diagnostics.length));
  }
  var docBody = byId('documents').tBodies[0];
  docs.forEach(function (d) { documentRow(docBody.appendChild(el('tr')), d); });
  ['tasks', 'cited', 'diagnostics', 'documents'].forEach(sortable);
})();
