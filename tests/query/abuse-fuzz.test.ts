import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { ERROR_CATALOGUE, type ErrorCode } from '../../engine/src/kernel/index.ts';
import { snapshotTenant, type TenantSnapshot } from '../support/snapshot.ts';
import { seedQueryWorld, type QueryWorld } from './world.ts';

/**
 * Abuse of the list parameters: whatever arrives as filter, sort, fields, expand, limit, offset or
 * cursor — random JSON, random text, SQL written to escape quoting, unknown fields, huge lists, deep
 * nesting — the answer is a page or a 4xx problem+json with a catalogued code, never a 500, and no
 * row anywhere in the tenant changes.
 */

let t: TestEngine;
let world: QueryWorld;
let before: TenantSnapshot;

beforeAll(async () => {
  t = await startTestEngine();
  world = await seedQueryWorld(t, { opportunities: 12 });
  before = await snapshotTenant(t);
}, 120_000);
afterAll(() => t.close());

interface Answer {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
}

/** A page, or a refusal that is problem+json with a catalogued 4xx code matching its status. */
function expectSafe(res: Answer, what: unknown): void {
  const label = `${JSON.stringify(what).slice(0, 300)} → ${res.statusCode} ${res.body.slice(0, 300)}`;
  expect(res.statusCode, label).toBeLessThan(500);
  if (res.statusCode === 200) {
    const body = JSON.parse(res.body) as { items?: unknown };
    expect(Array.isArray(body.items), label).toBe(true);
    return;
  }
  expect(res.statusCode, label).toBeGreaterThanOrEqual(400);
  expect(String(res.headers['content-type']), label).toMatch(/^application\/problem\+json/);
  const problem = JSON.parse(res.body) as { code: ErrorCode; status: number };
  expect(ERROR_CATALOGUE[problem.code]?.status, label).toBe(res.statusCode);
}

const get = (object: string, query: Record<string, string>, token?: string) => t.request({ method: 'GET', url: `/api/records/${object}?${new URLSearchParams(query).toString()}`, token });
const post = (object: string, payload: unknown, token?: string) => t.request({ method: 'POST', url: `/api/records/${object}/query`, payload: payload as Record<string, unknown>, token });

const INJECTIONS = [
  "'; drop table x; --",
  "'); delete from opportunity; --",
  '"a\\"b"',
  'a"b',
  '" or 1=1 --',
  "name' OR '1'='1",
  'name; select pg_sleep(5)',
  '$1',
  '?',
  '\\',
  '\u0000',
  '%',
  '_',
  'customer.secret',
  'customer.country.code',
  '__proto__',
  'constructor',
  'constructor.prototype',
  'toString',
  'amount::text',
  'pg_catalog.pg_user',
  'id desc',
  '-',
  '',
  ' ',
  '北京',
  'a'.repeat(300),
];
const FIELDS = ['name', 'amount', 'stage', 'close_date', 'notes', 'customer', 'partner', 'customer.industry', 'customer.country.code', 'partner.name', 'owner_id', 'id', 'version', 'created_at', 'nope', 'customer.secret', 'customer.nope'];
const OPERATORS = ['==', '===', '!=', '!==', '<', '<=', '>', '>=', '!', '!!', 'and', 'or', 'if', '?:', 'in', 'cat', 'substr', '+', '-', '*', '/', '%', 'min', 'max', 'var', 'missing', 'missing_some', 'merge', 'some', 'all', 'none', 'map', 'filter', 'reduce', 'now', 'today', 'date_add', 'date_diff', 'start_of', 'contains', 'starts_with', 'ends_with', 'lower', 'upper', 'length', 'is_empty', 'prior', 'changed', 'log', 'method', 'eval', '__proto__', 'constructor'];

const text = fc.oneof(fc.constantFrom(...INJECTIONS, ...FIELDS), fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 }));
const scalar = fc.oneof(text, fc.integer(), fc.double({ noNaN: false }), fc.boolean(), fc.constant(null), fc.constantFrom('2026-01-31', '2026-02-30T25:00:00Z', 'NaN', '1e309', '-0'));
/** Rule-shaped values: operations from the allowlist (and outside it) over variables, literals and nested rules. */
const rule = fc.letrec((tie) => ({
  rule: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.record({ var: fc.oneof(fc.constantFrom(...FIELDS, ...INJECTIONS), fc.array(fc.oneof(text, scalar), { maxLength: 2 }), tie('rule')) }),
    fc.tuple(fc.constantFrom(...OPERATORS), fc.array(tie('rule'), { maxLength: 4 })).map(([op, args]) => ({ [op]: args })),
    fc.tuple(fc.constantFrom(...OPERATORS), tie('rule')).map(([op, arg]) => ({ [op]: arg })),
    fc.array(tie('rule'), { maxLength: 3 }),
  ),
})).rule;
const listOf = fc.array(fc.oneof(fc.constantFrom(...FIELDS, ...INJECTIONS), text), { maxLength: 6 }).map((items) => items.join(','));
const sortOf = fc.array(fc.tuple(fc.constantFrom('', '-', '+', '--'), fc.oneof(fc.constantFrom(...FIELDS, ...INJECTIONS), text)), { maxLength: 7 }).map((items) => items.map(([sign, name]) => `${sign}${name}`).join(','));
const countText = fc.oneof(fc.integer({ min: -5, max: 20_000 }).map(String), text, fc.constantFrom('1e3', '0x10', '5.5', '99999999999', ''));

// FUZZ_RUNS=1000 for a longer hunt by hand.
const RUNS = Number(process.env.FUZZ_RUNS ?? 120);
const tokens = () => [t.token, world.rep.token, world.outsider.token];

describe('fuzzed list parameters never cause a 500 nor a change', () => {
  it('random JSON as filter, in GET and POST', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 6 }), fc.nat(2), async (filter, who) => {
        const token = tokens()[who];
        expectSafe(await get('opportunity', { filter: JSON.stringify(filter) }, token), filter);
        expectSafe(await post('opportunity', { filter }, token), filter);
      }),
      { numRuns: RUNS },
    );
  }, 120_000);

  it('rule-shaped filters over real and unreal fields and operators', async () => {
    await fc.assert(
      fc.asyncProperty(rule, fc.nat(2), async (filter, who) => {
        expectSafe(await post('opportunity', { filter, limit: 5 }, tokens()[who]), filter);
      }),
      { numRuns: RUNS * 2 },
    );
  }, 120_000);

  it('random text as filter, sort, fields, expand, limit, offset and cursor', async () => {
    const params = fc.record(
      { filter: fc.oneof(text, fc.string({ maxLength: 60 })), sort: sortOf, fields: listOf, expand: listOf, limit: countText, offset: countText, cursor: text },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(params, fc.nat(2), async (query, who) => {
        expectSafe(await get('opportunity', query, tokens()[who]), query);
      }),
      { numRuns: RUNS * 2 },
    );
  }, 120_000);

  it('random JSON for every property of POST query, aggregate aside', async () => {
    const anything = fc.jsonValue({ maxDepth: 3 });
    const body = fc.record({ filter: anything, sort: fc.oneof(sortOf, anything), fields: fc.oneof(listOf, anything), expand: fc.oneof(listOf, anything), limit: anything, offset: anything, cursor: anything }, { requiredKeys: [] });
    await fc.assert(
      fc.asyncProperty(body, fc.nat(2), async (payload, who) => {
        expectSafe(await post('opportunity', payload, tokens()[who]), payload);
      }),
      { numRuns: RUNS },
    );
  }, 120_000);

  it('leaves every table of the tenant as it was', async () => {
    expect(await snapshotTenant(t)).toEqual(before);
  });
});

describe('hand-written abuse', () => {
  const v = (name: string) => ({ var: name });
  const refused = async (res: Answer, status: number, what: unknown) => {
    expectSafe(res, what);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(status);
  };

  const KNOWN = new Set(FIELDS.filter((f) => f !== 'nope' && f !== 'customer.nope'));

  it.each(INJECTIONS)('%j as a field, a value, a sort, a field list, an expand', async (evil) => {
    // As a variable: refused unless it names a real path (then it is compared, or refused as hidden).
    const asVar = await post('opportunity', { filter: { '==': [v(evil), 'x'] } });
    expectSafe(asVar, evil);
    if (!KNOWN.has(evil)) expect(asVar.statusCode, asVar.body).toBe(400);
    // As a value: compared as data, so nothing matches, or refused when the text cannot be stored.
    const asValue = await post('opportunity', { filter: { '==': [v('name'), evil] } });
    expectSafe(asValue, evil);
    if (asValue.statusCode === 200) expect((asValue.json() as { items: unknown[] }).items).toEqual([]);
    else expect(asValue.statusCode, asValue.body).toBe(400);
    // As a name in sort, fields and expand: refused unless blank or a real name.
    for (const key of ['sort', 'fields', 'expand'] as const) {
      const res = await get('opportunity', { [key]: evil });
      expectSafe(res, { [key]: evil });
      if (evil.trim() !== '' && !KNOWN.has(evil)) expect(res.statusCode, `${key}=${evil}: ${res.body}`).toBe(400);
    }
  });

  it('refuses a hidden field reached through a lookup by a rep, whatever the spelling', async () => {
    for (const filter of [{ '==': [v('customer.secret'), 's-acme'] }, { missing: ['customer.secret'] }, { missing_some: [1, ['customer.secret']] }, { '==': [{ var: ['customer.secret', 'x'] }, 's-acme'] }]) {
      await refused(await post('opportunity', { filter }, world.rep.token), 403, filter);
    }
  });

  it('a 100,000-element in list is refused as too large, not run', async () => {
    const list = Array.from({ length: 100_000 }, (_, i) => i);
    const res = await post('opportunity', { filter: { in: [v('amount'), list] } });
    expectSafe(res, 'in list');
    expect([400, 413]).toContain(res.statusCode);
    const strings = Array.from({ length: 100_000 }, (_, i) => `id-${i}`);
    expectSafe(await post('opportunity', { filter: { in: [v('name'), strings] } }), 'string in list');
  });

  it('nesting 200 deep, and far deeper, is refused', async () => {
    // Written as text: JSON.stringify itself overflows the stack on such depths.
    const nested = (depth: number, open: string, inner: string, close: string) => `${open.repeat(depth)}${inner}${close.repeat(depth)}`;
    for (const depth of [200, 1000, 5000, 100_000]) {
      const not = nested(depth, '{"!":', '{"==":[{"var":"name"},"x"]}', '}');
      const and = nested(depth, '{"and":[', '{"==":[{"var":"stage"},"won"]}', ',true]}');
      const list = nested(depth, '[', '1', ']');
      for (const filter of [not, and, `{"in":[{"var":"amount"},${list}]}`]) {
        await refused(await get('opportunity', { filter }), 400, `GET depth ${depth}`);
        const res = await t.request({ method: 'POST', url: '/api/records/opportunity/query', headers: { 'content-type': 'application/json' }, payload: `{"filter":${filter}}` });
        expectSafe(res, `POST depth ${depth}`);
        expect(res.statusCode, res.body.slice(0, 300)).toBeGreaterThanOrEqual(400);
      }
    }
  });

  it('leaves every table of the tenant as it was', async () => {
    expect(await snapshotTenant(t)).toEqual(before);
  });
});
