// What bench/ui-list.ts puts in the browser besides the app: the list's metadata and rows, the watcher that
// marks the first painted frame holding all rows, and the hand-written baseline page.

export const ROWS = 50;

/** Ten columns as the app shows them: the name, then integers, dates and texts (as tests/ui/app.test.ts). */
export const FIELDS = Array.from({ length: 9 }, (_, i) => ({
  api_name: `f${i}`,
  type: i % 3 === 0 ? 'integer' : i % 3 === 1 ? 'date' : 'text',
  label: { en: `Field ${i}` },
}));
export const OBJECT = {
  api_name: 'metric',
  label: { en: 'Metric' },
  plural_label: { en: 'Metrics' },
  fields: FIELDS,
  list_views: [{ api_name: 'wide', label: { en: 'Wide' }, columns: ['name', ...FIELDS.map((f) => f.api_name)] }],
};

export function recordValues(r: number): Record<string, unknown> {
  const values = Object.fromEntries(FIELDS.map((f, i) => [f.api_name, i % 3 === 0 ? r * i : i % 3 === 1 ? `2026-01-${String((r % 28) + 1).padStart(2, '0')}` : `value ${r}-${i}`]));
  return { name: `Metric ${String(r).padStart(2, '0')}`, ...values };
}

/** The list's own request (what the app asks for the `wide` view, 50 to a page). */
export const RECORDS_URL = `/api/records/metric?view=wide&limit=${ROWS}`;

/**
 * Injected before any page script: marks `bench:rows-painted` at the time the browser presented the first
 * frame holding all the rows. Once the document holds them (a mutation observer runs right after the DOM
 * change, before that frame's paint), the last row's cells get an `elementtiming` attribute (the app's own
 * where it set one: a cell has one); Chromium's Element Timing then reports when their text was first
 * shown (`renderTime`, after style, layout, paint and raster). Independent of the app's own measure, so no
 * change of the app can move its end.
 */
export const WATCHER = `(() => {
  let last;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (last && entry.element && last.contains(entry.element) && !performance.getEntriesByName('bench:rows-painted').length) performance.mark('bench:rows-painted', { startTime: entry.renderTime });
    }
  }).observe({ type: 'element', buffered: true });
  new MutationObserver((_, observer) => {
    const rows = document.querySelectorAll('tr[data-row-key]');
    if (last || rows.length < ${ROWS}) return;
    last = rows[rows.length - 1];
    observer.disconnect();
    for (const cell of last.cells) if (!cell.hasAttribute('elementtiming')) cell.setAttribute('elementtiming', 'bench-rows');
  }).observe(document, { childList: true, subtree: true });
})();`;

/**
 * The baseline: the same rows from the same engine request, shown by a hand-written page — no React, no
 * antd — with the same columns, labels, number and date formats, a link per name and a check box per row.
 */
export const PLAIN_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>plain list</title>
<style>
body { font: 14px system-ui, sans-serif; margin: 24px; }
table { border-collapse: collapse; }
th, td { padding: 12px 8px; border-bottom: 1px solid #f0f0f0; text-align: left; white-space: nowrap; }
th { background: #fafafa; font-weight: 600; }
td.number { text-align: right; font-variant-numeric: tabular-nums; }
</style></head>
<body><h3>Metrics</h3><div id="list">Loading…</div>
<script type="module">
const objects = fetch('/api/meta/objects', { credentials: 'same-origin' }).then((r) => r.json());
const response = await fetch(${JSON.stringify(RECORDS_URL)}, { credentials: 'same-origin', headers: { accept: 'application/json' } });
const page = JSON.parse(await response.text());
performance.mark('tessera:list-data');
const object = (await objects).items.find((o) => o.api_name === 'metric');
const view = object.list_views.find((v) => v.api_name === 'wide');
const fields = view.columns.map((name) => object.fields.find((f) => f.api_name === name));
const numbers = new Intl.NumberFormat('en', { maximumFractionDigits: 4 });
const dates = new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
const table = document.createElement('table');
const head = table.createTHead().insertRow();
head.insertCell().append(document.createElement('input'));
head.cells[0].firstChild.type = 'checkbox';
for (const field of fields) {
  const th = document.createElement('th');
  th.textContent = field.label.en ?? field.api_name;
  head.append(th);
}
const body = table.createTBody();
for (const record of page.items) {
  const row = body.insertRow();
  row.dataset.rowKey = record.id;
  const box = document.createElement('input');
  box.type = 'checkbox';
  row.insertCell().append(box);
  for (const field of fields) {
    const cell = row.insertCell();
    const value = record[field.api_name];
    if (field.api_name === object.name_field) {
      const link = document.createElement('a');
      link.href = '/app/o/metric/' + record.id;
      link.textContent = value;
      cell.append(link);
    } else if (value === null || value === undefined || value === '') cell.textContent = '—';
    else if (field.type === 'integer') { cell.className = 'number'; cell.textContent = numbers.format(value); }
    else if (field.type === 'date') cell.textContent = dates.format(new Date(value));
    else cell.textContent = String(value);
  }
}
document.getElementById('list').replaceChildren(table);
requestAnimationFrame(() => {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => performance.measure('tessera:list-render', 'tessera:list-data');
  channel.port2.postMessage(null);
});
</script></body></html>`;
