// npm run bench:save: what validation rules and formulas add to a save. The same record is created in
// two objects with the same fields — one plain, one with 20 active validation rules and 5 formulas —
// through the engine, one request at a time, in the same run. Target (issue 3): under 2 ms added per save.
import { DURATION, load, machine, openBenchWorld, writeResult } from './support.ts';

const TARGET_MS = 2;
const PORT = 3921;

const fields = [
  { api_name: 'status', type: 'picklist', values: ['new', 'open', 'won', 'lost'].map((v) => ({ value: v, label: { en: v } })) },
  { api_name: 'amount', type: 'decimal', precision: 12, scale: 2 },
  { api_name: 'quantity', type: 'integer' },
  { api_name: 'discount', type: 'percent' },
  { api_name: 'start_date', type: 'date' },
  { api_name: 'end_date', type: 'date' },
  { api_name: 'email', type: 'email' },
  { api_name: 'region', type: 'text' },
];

/** 20 rules of the kinds admins write: required-when, ranges, date order, text checks. Each passes for the bench record. */
const rules = Array.from({ length: 20 }, (_, i) => {
  const kinds = [
    { '<': [{ var: 'amount' }, 0] },
    { and: [{ '==': [{ var: 'status' }, 'won'] }, { '!': [{ var: 'amount' }] }] },
    { '>': [{ var: 'discount' }, 90] },
    { and: [{ var: 'end_date' }, { '<': [{ var: 'end_date' }, { var: 'start_date' }] }] },
    { and: [{ var: 'email' }, { '!': [{ contains: [{ var: 'email' }, '@'] }] }] },
  ];
  return { api_name: `rule_${i}`, condition: kinds[i % kinds.length], message: { en: `Rule ${i} failed`, 'zh-CN': `规则 ${i} 未通过` }, field: 'amount', active: true };
});

const formulas = [
  { api_name: 'net', type: 'formula', return_type: 'number', expression: { '*': [{ var: 'amount' }, { '-': [1, { '/': [{ var: 'discount' }, 100] }] }] } },
  { api_name: 'total', type: 'formula', return_type: 'number', expression: { '*': [{ var: 'amount' }, { var: 'quantity' }] } },
  { api_name: 'days', type: 'formula', return_type: 'number', expression: { date_diff: [{ var: 'start_date' }, { var: 'end_date' }, 'day'] } },
  { api_name: 'label', type: 'formula', return_type: 'text', expression: { cat: [{ var: 'region' }, ' / ', { var: 'status' }] } },
  { api_name: 'is_big', type: 'formula', return_type: 'boolean', expression: { '>': [{ var: 'amount' }, 10000] } },
];

const world = await openBenchWorld('save');
try {
  const headers = { authorization: `Bearer ${world.adminToken}`, 'content-type': 'application/json' };
  await world.startServer('bench/servers/engine-server.ts', { PORT: String(PORT) });
  const base = `http://127.0.0.1:${PORT}`;
  const define = async (definition: Record<string, unknown>) => {
    const res = await fetch(`${base}/api/meta/objects`, { method: 'POST', headers, body: JSON.stringify(definition) });
    if (res.status !== 201) throw new Error(`creating ${String(definition.api_name)} failed: ${await res.text()}`);
  };
  await define({ api_name: 'plain_deal', label: { en: 'Plain deal' }, fields });
  await define({ api_name: 'ruled_deal', label: { en: 'Ruled deal' }, fields: [...fields, ...formulas], validation_rules: rules });
  const body = JSON.stringify({ name: 'Deal', status: 'won', amount: 12000.5, quantity: 3, discount: 10, start_date: '2026-01-01', end_date: '2026-12-31', email: 'a@example.com', region: 'east' });
  const check = await fetch(`${base}/api/records/ruled_deal`, { method: 'POST', headers, body });
  const created = (await check.json()) as Record<string, unknown>;
  if (check.status !== 201 || created.total !== 36001.5) throw new Error(`the ruled object must save and compute its formulas: ${JSON.stringify(created)}`);

  const one = { connections: 1, headers };
  const plain = await load(base, { ...one, requests: [{ method: 'POST', path: '/api/records/plain_deal', body }] }, 'plain');
  const ruled = await load(base, { ...one, requests: [{ method: 'POST', path: '/api/records/ruled_deal', body }] }, 'ruled');
  const added = Number((ruled.mean - plain.mean).toFixed(2));
  console.table([
    { object: 'no rules, no formulas', 'saves/s': plain.rps, 'mean ms': plain.mean, 'p95 ms': plain.p95 },
    { object: '20 validation rules + 5 formulas', 'saves/s': ruled.rps, 'mean ms': ruled.mean, 'p95 ms': ruled.p95 },
  ]);
  console.log(`added per save: ${added} ms (target < ${TARGET_MS} ms): ${added < TARGET_MS ? 'met' : 'NOT met'}`);
  writeResult('save-rules-', { date: new Date().toISOString(), machine: machine(), database: process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded PostgreSQL', seconds: DURATION, connections: 1, plain, ruled, added_ms: added, target_ms: TARGET_MS });
} finally {
  await world.close();
}
