import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { tableRows } from '../support/record-helpers.ts';
import { aggregate, expectRefused, seedDeals } from './fixture.ts';

/** Bad aggregate requests are refused as 4xx problem+json naming the place; never a 500, nothing changed. */

let t: TestEngine;
let before: Array<Record<string, unknown>>;

beforeAll(async () => {
  t = await startTestEngine();
  await seedDeals(t, undefined, 6);
  before = await tableRows(t, 'deal');
}, 120_000);
afterAll(async () => {
  // Nothing any refused request did changed the data.
  expect(await tableRows(t, 'deal')).toEqual(before);
  await t.close();
});

const count = { fn: 'count' };
const ATTACKS = [
  'amount"; drop table deal; --',
  "stage') or 1=1 --",
  'amount) from deal; select (1',
  '"amount"',
  'stage::text',
  'stage, owner_id',
  '__proto__',
  'constructor.name',
  'Amount',
  'a'.repeat(100),
  '北京',
  'stage\u0000',
  '',
];

describe('refused with 400 invalid_parameter, naming the place', () => {
  it.each([
    ['aggregate is not an object', { aggregate: 'count' }, 'aggregate'],
    ['aggregate is null', { aggregate: null }, 'aggregate'],
    ['aggregate is a list', { aggregate: [count] }, 'aggregate'],
    ['an unknown aggregate property', { aggregate: { measures: [count], having: 'x' } }, 'aggregate.having'],
    ['no measures', { aggregate: { group_by: ['stage'] } }, 'aggregate.measures'],
    ['an empty measure list', { aggregate: { measures: [] } }, 'aggregate.measures'],
    ['eleven measures', { aggregate: { measures: Array.from({ length: 11 }, (_, i) => ({ fn: 'count', as: `c${i}` })) } }, 'aggregate.measures'],
    ['an unknown fn', { aggregate: { measures: [count, { fn: 'median', field: 'amount' }] } }, 'aggregate.measures.1.fn'],
    ['fn of another type', { aggregate: { measures: [{ fn: 7 }] } }, 'aggregate.measures.0.fn'],
    ['sum without a field', { aggregate: { measures: [{ fn: 'sum' }] } }, 'aggregate.measures.0.field'],
    ['an unknown measure property', { aggregate: { measures: [{ fn: 'count', where: 'x' }] } }, 'aggregate.measures.0.where'],
    ['sum of a text', { aggregate: { measures: [count, { fn: 'sum', field: 'stage' }] } }, 'aggregate.measures.1.field'],
    ['avg of a date', { aggregate: { measures: [{ fn: 'avg', field: 'closed_on' }] } }, 'aggregate.measures.0.field'],
    ['min of a boolean', { aggregate: { measures: [{ fn: 'min', field: 'won' }] } }, 'aggregate.measures.0.field'],
    ['sum of a lookup', { aggregate: { measures: [{ fn: 'sum', field: 'account' }] } }, 'aggregate.measures.0.field'],
    ['count_distinct of a multi-select', { aggregate: { measures: [{ fn: 'count_distinct', field: 'tags' }] } }, 'aggregate.measures.0.field'],
    ['an unknown measure field', { aggregate: { measures: [{ fn: 'max', field: 'nope' }] } }, 'aggregate.measures.0.field'],
    ['a bad "as"', { aggregate: { measures: [{ fn: 'count', as: 'Total Count' }] } }, 'aggregate.measures.0.as'],
    ['two measures with one name', { aggregate: { measures: [count, { fn: 'count', field: 'amount', as: 'count' }] } }, 'aggregate.measures.1'],
    ['a measure named like a group key', { aggregate: { group_by: ['stage'], measures: [{ fn: 'count', as: 'stage' }] } }, 'aggregate.measures.0'],
    ['four group fields', { aggregate: { group_by: ['stage', 'region', 'won', 'account'], measures: [count] } }, 'aggregate.group_by'],
    ['group_by not a list', { aggregate: { group_by: 'stage', measures: [count] } }, 'aggregate.group_by'],
    ['an unknown group field', { aggregate: { group_by: ['stage', 'nope'], measures: [count] } }, 'aggregate.group_by.1'],
    ['a group field of another type', { aggregate: { group_by: [3], measures: [count] } }, 'aggregate.group_by.0'],
    ['grouping by an amount', { aggregate: { group_by: ['price'], measures: [count] } }, 'aggregate.group_by.0'],
    ['grouping by a decimal', { aggregate: { group_by: ['amount'], measures: [count] } }, 'aggregate.group_by.0'],
    ['grouping by a multi-select', { aggregate: { group_by: ['tags'], measures: [count] } }, 'aggregate.group_by.0'],
    ['grouping by one field twice', { aggregate: { group_by: ['stage', 'stage'], measures: [count] } }, 'aggregate.group_by.1'],
    ['a date without a bucket', { aggregate: { group_by: ['closed_on'], measures: [count] } }, 'aggregate.group_by.0'],
    ['a bucket on a text', { aggregate: { group_by: [{ field: 'stage', bucket: 'month' }], measures: [count] } }, 'aggregate.group_by.0.bucket'],
    ['an unknown bucket', { aggregate: { group_by: [{ field: 'closed_on', bucket: 'hour' }], measures: [count] } }, 'aggregate.group_by.0.bucket'],
    ['an unknown group property', { aggregate: { group_by: [{ field: 'closed_on', bucket: 'day', tz: 'UTC' }], measures: [count] } }, 'aggregate.group_by.0.tz'],
    ['sort by an unknown name', { aggregate: { group_by: ['stage'], measures: [count], sort: '-amount' } }, 'aggregate.sort'],
    ['sort not a string or list', { aggregate: { group_by: ['stage'], measures: [count], sort: { count: 'desc' } } }, 'aggregate.sort'],
    ['limit 0', { aggregate: { group_by: ['stage'], measures: [count], limit: 0 } }, 'aggregate.limit'],
    ['limit 1001', { aggregate: { group_by: ['stage'], measures: [count], limit: 1001 } }, 'aggregate.limit'],
    ['limit as text', { aggregate: { group_by: ['stage'], measures: [count], limit: '10' } }, 'aggregate.limit'],
    ['list parameters beside aggregate', { aggregate: { measures: [count] }, sort: 'stage' }, 'sort'],
  ])('%s', async (_what, body, field) => {
    expectRefused(await aggregate(t, 'deal', body), 400, 'invalid_parameter', field);
  });

  it.each(ATTACKS)('the field name %j, wherever a field or name goes', async (attack) => {
    const bodies = [
      { aggregate: { group_by: [attack], measures: [count] } },
      { aggregate: { group_by: [{ field: attack, bucket: 'day' }], measures: [count] } },
      { aggregate: { group_by: [{ field: 'closed_on', bucket: attack }], measures: [count] } },
      { aggregate: { measures: [{ fn: 'sum', field: attack }] } },
      { aggregate: { measures: [{ fn: attack, field: 'amount' }] } },
      { aggregate: { measures: [{ fn: 'count', as: attack }] } },
      { aggregate: { group_by: ['stage'], measures: [count], sort: attack } },
    ];
    for (const body of bodies) {
      const res = await aggregate(t, 'deal', body);
      expect(res.statusCode, `${JSON.stringify(body)} → ${res.body}`).toBe(400);
      expectRefused(res, 400, 'invalid_parameter');
    }
  });
});

describe('other refusals', () => {
  it('a bad filter is 400 invalid_filter, for aggregates and counts', async () => {
    expectRefused(await aggregate(t, 'deal', { filter: { '==': [{ var: 'nope' }, 1] }, aggregate: { measures: [count] } }), 400, 'invalid_filter');
    expectRefused(await aggregate(t, 'deal', { filter: { 'drop table': [] }, aggregate: { measures: [count] } }), 400, 'invalid_filter');
    expectRefused(await t.request({ method: 'GET', url: '/api/records/deal/count?filter=%7Bnot%20json' }), 400, 'invalid_filter');
    expectRefused(await t.request({ method: 'GET', url: `/api/records/deal/count?filter=${encodeURIComponent('{"==":[{"var":"x\\"; drop table deal; --"},1]}')}` }), 400, 'invalid_filter');
  });

  it('count takes only filter', async () => {
    expectRefused(await t.request({ method: 'GET', url: '/api/records/deal/count?limit=5' }), 400, 'invalid_parameter', 'limit');
  });

  it('an unknown object is 404', async () => {
    expectRefused(await aggregate(t, 'nope', { aggregate: { measures: [count] } }), 404, 'object_not_found');
    expectRefused(await t.request({ method: 'GET', url: '/api/records/nope/count' }), 404, 'object_not_found');
  });
});

describe('fuzzed aggregate requests', () => {
  const names = fc.oneof(fc.constantFrom('stage', 'region', 'won', 'amount', 'qty', 'price', 'closed_on', 'closed_at', 'account', 'owner_id', 'tags', 'id', 'margin', 'nope'), fc.string({ maxLength: 12 }));
  const anything = fc.oneof(fc.constant(undefined), fc.constant(null), fc.integer(), fc.string({ maxLength: 8 }), fc.boolean());
  const group = fc.oneof(names, fc.record({ field: names, bucket: fc.oneof(fc.constantFrom('day', 'week', 'month', 'quarter', 'year', 'hour'), anything) }, { requiredKeys: ['field'] }), anything);
  const measure = fc.oneof(fc.record({ fn: fc.oneof(fc.constantFrom('count', 'sum', 'avg', 'min', 'max', 'count_distinct', 'median'), anything), field: fc.oneof(names, anything), as: fc.oneof(fc.constantFrom('a', 'b', 'stage'), anything) }, { requiredKeys: ['fn'] }), anything);
  const spec = fc.record({
    group_by: fc.oneof(fc.array(group, { maxLength: 4 }), anything),
    measures: fc.oneof(fc.array(measure, { maxLength: 3 }), anything),
    sort: fc.oneof(names, fc.array(names, { maxLength: 3 }), anything),
    limit: fc.oneof(fc.integer({ min: -1, max: 1002 }), anything),
  }, { requiredKeys: [] });

  it('every answer is 200 with groups or a 4xx problem, never a 500', async () => {
    await fc.assert(
      fc.asyncProperty(spec, async (aggregateSpec) => {
        const res = await aggregate(t, 'deal', { aggregate: aggregateSpec });
        if (res.statusCode === 200) expect(Array.isArray((res.json() as { groups: unknown }).groups)).toBe(true);
        else expectRefused(res, res.statusCode, (res.json() as { code: string }).code);
        expect(res.statusCode, res.body).toBeLessThan(500);
      }),
      { numRuns: 300 },
    );
  }, 120_000);
});
