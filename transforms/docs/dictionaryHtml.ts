// The data dictionary as one self-contained HTML page (no network: inline
// style, inline script, the search index embedded as JSON). Everything is
// rendered as plain HTML, so the page reads without JavaScript; the script
// only adds the search box, which finds tables, columns, extract columns and
// checks by name or by words of their definitions.
import type { ColumnEntry, DictionaryData, TableEntry } from './dictionaryData.js';
import type { ExtractContract } from './extractContracts.js';

const LAYERS: ReadonlyArray<[string, string]> = [
  ['fct', 'Facts'],
  ['dim', 'Dimensions'],
  ['staging', 'Staging (one row per record, as the log knows it)'],
  ['intermediate', 'Intermediate'],
  ['quality', 'Data quality'],
  ['system', 'System'],
];

/** Escapes text for HTML content and attribute values. */
export function esc(value: unknown): string {
  return String(value ?? '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** A fragment id for a table, column or source (letters, digits, - and _ only). */
export function anchor(...parts: string[]): string {
  return parts.map((p) => p.replace(/[^A-Za-z0-9_-]/g, '_')).join('--');
}

const n = (v: number) => v.toLocaleString('en-GB');

/** Renders the whole dictionary page. */
export function renderDictionaryHtml(data: DictionaryData): string {
  const tableNames = new Set(data.tables.map((t) => t.name));
  const link = (name: string) => (tableNames.has(name) ? `<a href="#${anchor('table', name)}"><code>${esc(name)}</code></a>` : `<code>${esc(name)}</code>`);
  const columnLink = (ref: string) => {
    const dot = ref.indexOf('.');
    const table = ref.slice(0, dot);
    const column = ref.slice(dot + 1);
    return tableNames.has(table) ? `<a href="#${anchor('col', table, column)}"><code>${esc(ref)}</code></a>` : `<code>${esc(ref)}</code>`;
  };
  const sourceColumnLink = (ref: string) => {
    const dot = ref.indexOf('.');
    return `<a href="#${anchor('source', ref.slice(0, dot))}"><code>${esc(ref)}</code></a>`;
  };

  const nav = [
    '<nav id="nav" aria-label="Contents">',
    '<p><a href="#overview">Overview</a></p>',
    ...LAYERS.map(([layer, title]) => {
      const tables = data.tables.filter((t) => t.layer === layer);
      if (tables.length === 0) return '';
      return `<p class="nav-head">${esc(title)}</p><ul>${tables.map((t) => `<li><a href="#${anchor('table', t.name)}">${esc(t.name)}</a></li>`).join('')}</ul>`;
    }),
    `<p class="nav-head"><a href="#contracts">Extract contracts</a></p><ul>${data.contracts.map((c) => `<li><a href="#${anchor('source', c.source)}">${esc(c.source)}</a></li>`).join('')}</ul>`,
    '<p class="nav-head"><a href="#quality">Data-quality history</a></p>',
    '</nav>',
  ].join('\n');

  const tableSection = (t: TableEntry): string => {
    const columns = t.columns.map((c) => columnRow(t, c, columnLink, sourceColumnLink)).join('\n');
    return `
<section class="table-doc" id="${anchor('table', t.name)}" data-table="${esc(t.name)}">
  <h3><code>${esc(t.name)}</code> <span class="badge badge-${esc(t.layer)}">${esc(t.layer)}</span></h3>
  <p>${esc(t.description)}</p>
  <dl class="facts">
    <dt>Grain</dt><dd>${esc(t.grain)}</dd>
    ${t.rows === null ? '' : `<dt>Rows</dt><dd>${n(t.rows)}</dd>`}
    <dt>Built from</dt><dd>${t.reads.length === 0 ? '<em>declared in its SQL (no events)</em>' : t.reads.map(link).join(', ')}</dd>
    <dt>Used by</dt><dd>${t.readBy.length === 0 ? '<em>nothing in the warehouse</em>' : t.readBy.map(link).join(', ')}</dd>
    ${t.sql === null ? '' : `<dt>SQL</dt><dd><code>sql/${esc(t.sql)}</code></dd>`}
    ${t.explained ? `<dt>Explain a number</dt><dd><code>sendwh why ${esc(t.name)} &lt;column&gt;=&lt;value&gt;...</code></dd>` : ''}
  </dl>
  <table class="columns">
    <thead><tr><th>Column</th><th>Type</th><th>Definition</th><th>Comes from</th></tr></thead>
    <tbody>
${columns}
    </tbody>
  </table>
</section>`;
  };

  const tablesHtml = LAYERS.map(([layer, title]) => {
    const tables = data.tables.filter((t) => t.layer === layer);
    if (tables.length === 0) return '';
    return `<h2 id="${anchor('layer', layer)}">${esc(title)}</h2>\n${tables.map(tableSection).join('\n')}`;
  }).join('\n');

  const latest = data.quality.results.length === 0 ? undefined : Math.max(...data.quality.results.map((r) => r.logPosition));
  const positions = [...new Set(data.quality.results.map((r) => r.logPosition))].sort((a, b) => a - b);
  const resultAt = new Map(data.quality.results.map((r) => [`${r.check}|${r.logPosition}`, r]));

  const qualityHtml = `
<section id="quality">
  <h2>Data-quality history</h2>
  <h3 id="quality-checks">Checks</h3>
  <p>Every build runs these checks on the warehouse it publishes and keeps their results with the log position it read up to (tables <a href="#${anchor('table', 'dq_check_results')}"><code>dq_check_results</code></a> and <a href="#${anchor('table', 'dq_findings')}"><code>dq_findings</code></a>).</p>
  <table class="quality-checks">
    <thead><tr><th>Check</th><th>Severity</th><th>Passes when</th>${positions.map((p) => `<th>at ${n(p)}</th>`).join('')}</tr></thead>
    <tbody>
${data.quality.checks
  .map(
    (c) =>
      `      <tr id="${anchor('check', c.name)}"><td><code>${esc(c.name)}</code></td><td>${esc(c.severity)}</td><td>${esc(c.passes)}</td>${positions
        .map((p) => {
          const r = resultAt.get(`${c.name}|${p}`);
          return r === undefined ? '<td></td>' : `<td class="status-${esc(r.status)}" title="${esc(r.detail)}">${esc(r.status)}${r.findings > 0 ? ` (${n(r.findings)})` : ''}</td>`;
        })
        .join('')}</tr>`,
  )
  .join('\n')}
    </tbody>
  </table>
  ${latest === undefined ? '<p><em>No build has run the checks yet.</em></p>' : `<p>Current results: those at log position ${n(latest)}. Hover a result for its detail.</p>`}
  <h3 id="quality-files">Extract files and their rejected rows</h3>
  <p>Every file the event log holds, with the rows rejected into quarantine by rule (see <code>sendwh quarantine</code>).</p>
  <table class="quality-files">
    <thead><tr><th>Ingested</th><th>Source</th><th>File</th><th>sha256</th><th>Events</th><th>Log positions</th><th>Rejected rows</th></tr></thead>
    <tbody>
${data.quality.files
  .map(
    (f) =>
      `      <tr><td>${esc(f.committedAt)}</td><td>${esc(f.source)}</td><td>${esc(f.file)}</td><td><code title="${esc(f.sha256)}">${esc(f.sha256.slice(0, 12))}</code></td><td class="num">${n(f.events)}</td><td>${f.events === 0 ? '' : `${n(f.firstSeq)}–${n(f.lastSeq)}`}</td><td>${f.rejected === 0 ? '0' : `${n(f.rejected)}: ${Object.entries(f.rules).map(([rule, count]) => `<code>${esc(rule)}</code> ${n(count)}`).join(', ')}`}</td></tr>`,
  )
  .join('\n')}
    </tbody>
  </table>
  <h3 id="quality-runs">Recent runs</h3>
  <p>The last recorded runs (all of them: table <a href="#${anchor('table', 'runs')}"><code>runs</code></a>, or <code>sendwh status</code>).</p>
  <table class="quality-runs">
    <thead><tr><th>Started</th><th>Command</th><th>Trigger</th><th>Status</th><th>Seconds</th><th>Log position</th><th>Rows in</th><th>Rows out</th><th>Quarantined</th><th>Checks failed</th></tr></thead>
    <tbody>
${data.quality.runs
  .map(
    (r) =>
      `      <tr><td>${esc(r.startedAt)}</td><td>${r.parentRunId === null ? '' : '&nbsp;&nbsp;'}${esc(r.command)}</td><td>${esc(r.trigger)}</td><td>${esc(r.status)}</td><td class="num">${r.durationMs === null ? '' : (r.durationMs / 1000).toFixed(1)}</td><td>${r.logPositionBefore === null ? '' : r.logPositionBefore === r.logPositionAfter ? n(r.logPositionBefore) : `${n(r.logPositionBefore)}→${r.logPositionAfter === null ? '?' : n(r.logPositionAfter)}`}</td><td class="num">${r.rowsIn === null ? '' : n(r.rowsIn)}</td><td class="num">${r.rowsOut === null ? '' : n(r.rowsOut)}</td><td class="num">${r.rowsQuarantined === null ? '' : n(r.rowsQuarantined)}</td><td class="num">${n(r.checksFailed)}</td></tr>`,
  )
  .join('\n')}
    </tbody>
  </table>
</section>`;

  const contractsHtml = `
<section id="contracts">
  <h2>Extract contracts</h2>
  <p>What every extract file must look like. Each source's rules are also published as JSON Schema (one row of the CSV as an object of its cells) in <code>schemas/&lt;source&gt;.schema.json</code> next to this page, so suppliers can check a file before sending it; rules across columns are listed by code.</p>
${data.contracts.map(contractSection).join('\n')}
</section>`;

  const overview = `
<section id="overview">
  <h2>Overview</h2>
  <p>Every table and column of the warehouse with its definition and grain, where it comes from (the tables, event fields and extract columns behind it), the extract contracts, and the data-quality history.
  ${data.warehouse === null ? 'No warehouse has been built yet: definitions only.' : `Row counts and history are those of <code>${esc(data.warehouse.path)}</code> at log position ${data.warehouse.logPosition === null ? '?' : n(data.warehouse.logPosition)}.`}
  Generated ${esc(data.generatedAt)}.</p>
  <p>How the numbers are made: extract files are checked against their contract and become immutable events in the log (rows that break a rule go to quarantine); staging tables fold each record's events (the newest value of every field wins); intermediate tables prepare; fact and dimension tables are what analysts query. <code>sendwh why &lt;table&gt; &lt;column&gt;=&lt;value&gt;</code> lists the records and extract lines behind any number.</p>
  <p>${data.tables.length} tables, ${n(data.tables.reduce((s, t) => s + t.columns.length, 0))} columns, ${data.contracts.length} extract sources.</p>
</section>`;

  const index = searchIndex(data);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>sendwh data dictionary</title>
<link rel="icon" href="data:,">
<style>${STYLE}</style>
</head>
<body>
<header>
  <h1>sendwh data dictionary</h1>
  <div class="search">
    <label for="search">Search tables, columns, extract columns and checks</label>
    <input id="search" type="search" placeholder="e.g. received_date, timeliness, UPN" autocomplete="off">
    <div id="search-results" role="region" aria-live="polite" hidden></div>
  </div>
</header>
<div class="layout">
${nav}
<main>
${overview}
${tablesHtml}
${contractsHtml}
${qualityHtml}
</main>
</div>
<script type="application/json" id="search-index">${jsonForScript(index)}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

function columnRow(t: TableEntry, c: ColumnEntry, columnLink: (r: string) => string, sourceColumnLink: (r: string) => string): string {
  const byField = new Map<string, string[]>();
  for (const e of c.events) {
    const dot = e.indexOf('.');
    const type = e.slice(0, dot);
    const field = e.slice(dot + 1);
    byField.set(field, [...(byField.get(field) ?? []), type]);
  }
  const parts: string[] = [];
  if (c.upstream.length > 0) parts.push(`<div>${c.upstream.map(columnLink).join(', ')}</div>`);
  if (byField.size > 0) {
    parts.push(
      `<div class="events">events: ${[...byField]
        .map(([field, types]) => (field === '' ? '' : `<code>${esc(types[0] === 'envelope' ? `envelope.${field}` : field)}</code>${types[0] === 'envelope' ? '' : ` <span class="types">(${esc(types.join(', '))})</span>`}`))
        .join('; ')}</div>`,
    );
  }
  if (c.sourceColumns.length > 0) parts.push(`<div>extract: ${c.sourceColumns.map(sourceColumnLink).join(', ')}</div>`);
  if (parts.length === 0) parts.push(t.layer === 'system' || t.layer === 'quality' ? '<em>written by the build</em>' : '<em>declared in its SQL</em>');
  return `      <tr id="${anchor('col', t.name, c.name)}"><td><code>${esc(c.name)}</code></td><td><code>${esc(c.type)}</code></td><td>${esc(c.description)}</td><td class="lineage">${parts.join('')}</td></tr>`;
}

function contractSection(c: ExtractContract): string {
  return `
<section class="contract" id="${anchor('source', c.source)}">
  <h3><code>${esc(c.source)}</code></h3>
  <p>${esc(c.title)}.</p>
  <dl class="facts">
    <dt>Identity of a row</dt><dd>${esc(c.identity)}</dd>
    <dt>Kind</dt><dd>${c.snapshot ? 'A full snapshot: each file is compared with what the log knew; a changed field is a correction (the newest extract wins, the history stays).' : 'Records: the same identity with other content later is a correction.'}</dd>
    ${c.personLevel ? '<dt>Personal data</dt><dd>Columns whose name contains “name”, “address” or “postcode” are never stored; UPN and PersonID are stored only as keyed pseudonyms; dates of birth are kept to the month.</dd>' : ''}
    <dt>JSON Schema</dt><dd><a href="schemas/${esc(c.source)}.schema.json"><code>schemas/${esc(c.source)}.schema.json</code></a></dd>
  </dl>
  <table class="contract-columns">
    <thead><tr><th>Column</th><th>Required</th><th>Also accepted as</th><th>Accepts</th><th>Pattern</th></tr></thead>
    <tbody>
${c.columns.map((col) => `      <tr id="${anchor('source', c.source, col.name)}"><td><code>${esc(col.name)}</code></td><td>${col.required ? 'yes' : 'no'}</td><td>${esc(col.aliases.join(', '))}</td><td>${esc(col.accepts)}</td><td>${col.pattern === null ? '' : `<code class="pattern">${esc(col.pattern)}</code>`}</td></tr>`).join('\n')}
    </tbody>
  </table>
  <details><summary>${c.rules.length} rule codes</summary><p>${c.rules.map((r) => `<code>${esc(r)}</code>`).join(' ')}</p></details>
</section>`;
}

interface IndexEntry {
  /** kind: table, column, extract column, source, check */
  k: string;
  n: string;
  d: string;
  h: string;
}

function searchIndex(data: DictionaryData): IndexEntry[] {
  const out: IndexEntry[] = [];
  for (const t of data.tables) {
    out.push({ k: 'table', n: t.name, d: `${t.layer}. ${t.grain}. ${t.description}`, h: `#${anchor('table', t.name)}` });
    for (const c of t.columns) {
      out.push({ k: 'column', n: `${t.name}.${c.name}`, d: `${c.type}. ${c.description} ${c.sourceColumns.join(' ')}`, h: `#${anchor('col', t.name, c.name)}` });
    }
  }
  for (const c of data.contracts) {
    out.push({ k: 'extract', n: c.source, d: c.title, h: `#${anchor('source', c.source)}` });
    for (const col of c.columns) out.push({ k: 'extract column', n: `${c.source}.${col.name}`, d: `${col.accepts} ${col.aliases.join(' ')}`, h: `#${anchor('source', c.source, col.name)}` });
  }
  for (const c of data.quality.checks) out.push({ k: 'check', n: c.name, d: `${c.severity}. ${c.passes}`, h: `#${anchor('check', c.name)}` });
  return out;
}

/** JSON safe inside a <script> element. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replaceAll('<', '\\u003c').replaceAll('>', '\\u003e').replaceAll('&', '\\u0026');
}

const STYLE = `
:root { --ink: #1b1f24; --muted: #5b6470; --line: #d8dde3; --bg: #ffffff; --soft: #f4f6f8; --accent: #1d5fa7; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
header { position: sticky; top: 0; z-index: 2; background: #fff; border-bottom: 1px solid var(--line); padding: 10px 20px; display: flex; gap: 24px; align-items: flex-start; }
header h1 { font-size: 19px; margin: 6px 0; white-space: nowrap; }
.search { flex: 1; position: relative; max-width: 760px; }
.search label { display: block; font-size: 12px; color: var(--muted); }
#search { width: 100%; padding: 7px 10px; font-size: 15px; border: 1px solid var(--line); border-radius: 6px; }
#search-results { position: absolute; left: 0; right: 0; background: #fff; border: 1px solid var(--line); border-radius: 6px; box-shadow: 0 6px 18px rgba(0,0,0,.12); max-height: 60vh; overflow: auto; padding: 6px 0; }
#search-results p { margin: 4px 12px; color: var(--muted); font-size: 13px; }
#search-results ul { list-style: none; margin: 0; padding: 0; }
#search-results li { padding: 4px 12px; }
#search-results li:hover { background: var(--soft); }
#search-results .kind { display: inline-block; min-width: 7.5em; color: var(--muted); font-size: 12px; }
#search-results .desc { display: block; color: var(--muted); font-size: 12px; margin-left: 7.8em; }
.layout { display: flex; }
nav { width: 270px; flex: none; position: sticky; top: 70px; align-self: flex-start; max-height: calc(100vh - 80px); overflow: auto; padding: 10px 16px; border-right: 1px solid var(--line); font-size: 13px; }
nav ul { list-style: none; margin: 0 0 8px; padding: 0; }
nav .nav-head { font-weight: 600; margin: 10px 0 4px; }
main { flex: 1; min-width: 0; padding: 10px 28px 60px; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; }
h2 { margin-top: 36px; border-bottom: 2px solid var(--line); padding-bottom: 4px; }
section.table-doc, section.contract { margin: 18px 0 30px; }
[id] { scroll-margin-top: 84px; }
section.table-doc:target, section.contract:target, tr:target { background: #fff8d6; }
.badge { font-size: 11px; font-weight: 600; border-radius: 10px; padding: 2px 8px; background: var(--soft); color: var(--muted); vertical-align: middle; }
.badge-fct { background: #e3f0ff; color: #1d5fa7; } .badge-dim { background: #e8f7ec; color: #1e7a3d; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 6px 0 10px; font-size: 14px; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
table { border-collapse: collapse; width: 100%; font-size: 13.5px; margin: 6px 0 12px; }
th, td { border: 1px solid var(--line); padding: 4px 7px; text-align: left; vertical-align: top; }
th { background: var(--soft); font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.lineage { font-size: 12.5px; min-width: 16em; }
td.lineage .types { color: var(--muted); }
code.pattern { font-size: 11.5px; word-break: break-all; }
.status-pass { background: #e8f7ec; } .status-fail { background: #fde8e8; }
.quality-checks td, .quality-checks th { white-space: nowrap; }
.quality-checks td:nth-child(3) { white-space: normal; }
`;

const SCRIPT = `
(function () {
  'use strict';
  var index = JSON.parse(document.getElementById('search-index').textContent);
  var input = document.getElementById('search');
  var out = document.getElementById('search-results');
  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]; });
  }
  function score(entry, terms) {
    var name = entry.n.toLowerCase();
    var text = name + ' ' + entry.d.toLowerCase() + ' ' + entry.k;
    var total = 0;
    for (var i = 0; i < terms.length; i++) {
      var t = terms[i];
      if (text.indexOf(t) < 0) return -1;
      var tail = name.slice(name.lastIndexOf('.') + 1);
      if (tail === t || name === t) total += 100;
      else if (tail.indexOf(t) === 0) total += 40;
      else if (name.indexOf(t) >= 0) total += 20;
      else total += 1;
    }
    return total;
  }
  function search() {
    var q = input.value.trim().toLowerCase();
    if (q === '') { out.hidden = true; out.innerHTML = ''; return; }
    var terms = q.split(/\\s+/);
    var hits = [];
    for (var i = 0; i < index.length; i++) {
      var s = score(index[i], terms);
      if (s >= 0) hits.push({ e: index[i], s: s });
    }
    hits.sort(function (a, b) { return b.s - a.s || a.e.n.localeCompare(b.e.n); });
    var shown = hits.slice(0, 60);
    var html = '<p>' + hits.length + (hits.length === 1 ? ' result' : ' results') + (hits.length > shown.length ? ' (first ' + shown.length + ')' : '') + '</p><ul>';
    for (var j = 0; j < shown.length; j++) {
      var e = shown[j].e;
      html += '<li class="hit"><span class="kind">' + escapeHtml(e.k) + '</span><a href="' + escapeHtml(e.h) + '">' + escapeHtml(e.n) + '</a><span class="desc">' + escapeHtml(e.d.slice(0, 160)) + '</span></li>';
    }
    out.innerHTML = html + '</ul>';
    out.hidden = false;
  }
  input.addEventListener('input', search);
  input.addEventListener('keydown', function (ev) {
    if (ev.key === 'Escape') { input.value = ''; search(); }
    if (ev.key === 'Enter') { var first = out.querySelector('a'); if (first) { first.click(); } }
  });
  out.addEventListener('click', function (ev) { if (ev.target && ev.target.tagName === 'A') { out.hidden = true; } });
  document.addEventListener('click', function (ev) { if (!out.contains(ev.target) && ev.target !== input) { out.hidden = true; } });
})();
`;
