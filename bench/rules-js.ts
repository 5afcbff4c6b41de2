// npm run bench:rules: JSON-logic evaluated in JavaScript (the logic stage's evaluator, over the operator
// allowlist) against hand-written JavaScript doing the same tests, on one core, in the same run.
// Target (issue 3): at least 200,000 simple rules per second.
import os from 'node:os';
import { createBuiltinOperators, evaluateRule, truthy } from '../engine/src/logic/index.ts';

const operators = createBuiltinOperators();
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);

interface Sample {
  status: string;
  amount: number;
  name: string;
  region: string | null;
  due: string;
}

const records: Sample[] = Array.from({ length: 1000 }, (_, i) => ({
  status: ['open', 'won', 'lost'][i % 3] as string,
  amount: (i * 7919) % 100_000,
  name: `Customer ${i} 北京星辰科技有限公司`,
  region: i % 5 === 0 ? null : ['north', 'south', 'east'][i % 3] as string,
  due: `2026-${String((i % 12) + 1).padStart(2, '0')}-15`,
}));

/** Each case: a "simple rule" of the kind admins write, and the same test written by hand. */
const cases: Array<{ name: string; rule: unknown; hand: (r: Sample) => boolean }> = [
  { name: 'equality', rule: { '==': [{ var: 'status' }, 'won'] }, hand: (r) => r.status === 'won' },
  { name: 'and of two comparisons', rule: { and: [{ '==': [{ var: 'status' }, 'won'] }, { '>': [{ var: 'amount' }, 50000] }] }, hand: (r) => r.status === 'won' && r.amount > 50000 },
  { name: 'in list', rule: { in: [{ var: 'region' }, ['north', 'east']] }, hand: (r) => r.region === 'north' || r.region === 'east' },
  { name: 'contains (case-insensitive)', rule: { contains: [{ var: 'name' }, '科技'] }, hand: (r) => r.name.toLowerCase().includes('科技') },
  { name: 'between', rule: { '<=': [1000, { var: 'amount' }, 90000] }, hand: (r) => r.amount >= 1000 && r.amount <= 90000 },
];

function rate(test: (r: Sample) => boolean): { perSecond: number; matches: number } {
  let count = 0;
  let matches = 0;
  const deadline = performance.now() + SECONDS * 1000;
  while (performance.now() < deadline) {
    for (let i = 0; i < records.length; i++) if (test(records[i] as Sample)) matches++;
    count += records.length;
  }
  return { perSecond: Math.round(count / SECONDS), matches };
}

const rows = cases.map(({ name, rule, hand }) => {
  // Both sides must agree before they are timed.
  for (const r of records) if (truthy(evaluateRule(rule, r, { operators })) !== hand(r)) throw new Error(`${name}: the rule and the hand-written test disagree on ${JSON.stringify(r)}`);
  const engine = rate((r) => truthy(evaluateRule(rule, r, { operators })));
  const baseline = rate(hand);
  return { rule: name, 'rules/s': engine.perSecond, 'hand-written/s': baseline.perSecond, ratio: Number((engine.perSecond / baseline.perSecond).toFixed(3)) };
});
console.log(`${new Date().toISOString()} · ${os.cpus()[0]?.model ?? 'cpu'} · node ${process.version} · one core, ${SECONDS} s per measurement`);
console.table(rows);
const slowest = Math.min(...rows.map((r) => r['rules/s']));
console.log(`slowest simple rule: ${slowest.toLocaleString('en')} rules/s (target ≥ 200,000)`);
