import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { createObject, createRecord } from '../support/record-helpers.ts';
import { adminCreateUser, logIn } from '../access/helpers.ts';
import { aggregateOk } from './fixture.ts';

/**
 * Date buckets: a date is cut as it is; a date/time is cut at midnight in the actor's own time zone, so
 * an instant just after midnight in Shanghai (still the previous day in UTC) lands in Shanghai's day,
 * week, month and year for a user in Asia/Shanghai, and in UTC's for a user in UTC.
 */

let t: TestEngine;
let shanghai: string;

const EVENTS = [
  { at: '2026-02-28T16:30:00Z', day: '2026-03-04' }, // Shanghai: Sun 2026-03-01 00:30; UTC: Sat 02-28
  { at: '2026-03-01T16:30:00Z', day: '2025-11-15' }, // Shanghai: Mon 2026-03-02 00:30; UTC: Sun 03-01
  { at: '2025-12-31T16:05:00Z', day: '2025-12-29' }, // Shanghai: Thu 2026-01-01 00:05; UTC: Wed 2025-12-31
  { at: '2026-03-01T15:59:59Z', day: null }, //         Shanghai: Sun 2026-03-01 23:59:59; UTC: Sun 03-01
  { at: null, day: '2026-01-01' },
];

beforeAll(async () => {
  t = await startTestEngine();
  await createObject(t, { api_name: 'event', label: { en: 'Event' }, fields: [{ api_name: 'at', type: 'datetime' }, { api_name: 'day', type: 'date' }] });
  for (const [i, e] of EVENTS.entries()) await createRecord(t, 'event', { name: `event ${i}`, ...e });
  const user = await adminCreateUser(t, { email: 'sh@corp.test', name: 'Shanghai', password: 'shanghai password 1', is_admin: true, time_zone: 'Asia/Shanghai' });
  shanghai = (await logIn(t, user.email, 'shanghai password 1')).token;
}, 120_000);
afterAll(() => t.close());

async function counts(field: string, bucket: string, token?: string): Promise<Record<string, number>> {
  const body = await aggregateOk(t, 'event', { aggregate: { group_by: [{ field, bucket }], measures: [{ fn: 'count' }] } }, token);
  const key = `${field}:${bucket}`;
  for (const g of body.groups) expect(Object.keys(g.key)).toEqual([key]);
  return Object.fromEntries(body.groups.map((g) => [String(g.key[key]), g.values.count as number]));
}

describe('date/time buckets in the actor’s time zone', () => {
  it.each([
    ['day', { '2025-12-31': 1, '2026-02-28': 1, '2026-03-01': 2, null: 1 }, { '2026-01-01': 1, '2026-03-01': 2, '2026-03-02': 1, null: 1 }],
    ['week', { '2025-12-29': 1, '2026-02-23': 3, null: 1 }, { '2025-12-29': 1, '2026-02-23': 2, '2026-03-02': 1, null: 1 }],
    ['month', { '2025-12-01': 1, '2026-02-01': 1, '2026-03-01': 2, null: 1 }, { '2026-01-01': 1, '2026-03-01': 3, null: 1 }],
    ['quarter', { '2025-10-01': 1, '2026-01-01': 3, null: 1 }, { '2026-01-01': 4, null: 1 }],
    ['year', { '2025-01-01': 1, '2026-01-01': 3, null: 1 }, { '2026-01-01': 4, null: 1 }],
  ])('%s: UTC user and Asia/Shanghai user', async (bucket, utc, sh) => {
    expect(await counts('at', bucket)).toEqual(utc);
    expect(await counts('at', bucket, shanghai)).toEqual(sh);
  });

  it('groups are ordered by bucket, nulls last', async () => {
    const body = await aggregateOk(t, 'event', { aggregate: { group_by: [{ field: 'at', bucket: 'day' }], measures: [{ fn: 'count' }] } }, shanghai);
    expect(body.groups.map((g) => g.key['at:day'])).toEqual(['2026-01-01', '2026-03-01', '2026-03-02', null]);
    const desc = await aggregateOk(t, 'event', { aggregate: { group_by: [{ field: 'at', bucket: 'day' }], measures: [{ fn: 'count' }], sort: '-at:day' } }, shanghai);
    expect(desc.groups.map((g) => g.key['at:day'])).toEqual([null, '2026-03-02', '2026-03-01', '2026-01-01']);
  });

  it('a system date/time (created_at) buckets too', async () => {
    const body = await aggregateOk(t, 'event', { aggregate: { group_by: [{ field: 'created_at', bucket: 'year' }], measures: [{ fn: 'count' }] } }, shanghai);
    expect(body.groups).toHaveLength(1);
    expect(body.groups[0]?.values.count).toBe(EVENTS.length);
    expect(body.groups[0]?.key['created_at:year']).toMatch(/^\d{4}-01-01$/);
  });
});

describe('date buckets (no time zone: a date is a calendar day everywhere)', () => {
  it.each([
    ['day', { '2025-11-15': 1, '2025-12-29': 1, '2026-01-01': 1, '2026-03-04': 1, null: 1 }],
    ['week', { '2025-11-10': 1, '2025-12-29': 2, '2026-03-02': 1, null: 1 }],
    ['month', { '2025-11-01': 1, '2025-12-01': 1, '2026-01-01': 1, '2026-03-01': 1, null: 1 }],
    ['quarter', { '2025-10-01': 2, '2026-01-01': 2, null: 1 }],
    ['year', { '2025-01-01': 2, '2026-01-01': 2, null: 1 }],
  ])('%s', async (bucket, expected) => {
    expect(await counts('day', bucket)).toEqual(expected);
    expect(await counts('day', bucket, shanghai)).toEqual(expected);
  });

  it('two buckets at once: month of the date/time by year of the date', async () => {
    const body = await aggregateOk(t, 'event', { aggregate: { group_by: [{ field: 'at', bucket: 'month' }, { field: 'day', bucket: 'year' }], measures: [{ fn: 'count' }] } }, shanghai);
    expect(body.groups).toEqual([
      { key: { 'at:month': '2026-01-01', 'day:year': '2025-01-01' }, values: { count: 1 } },
      { key: { 'at:month': '2026-03-01', 'day:year': '2025-01-01' }, values: { count: 1 } },
      { key: { 'at:month': '2026-03-01', 'day:year': '2026-01-01' }, values: { count: 1 } },
      { key: { 'at:month': '2026-03-01', 'day:year': null }, values: { count: 1 } },
      { key: { 'at:month': null, 'day:year': '2026-01-01' }, values: { count: 1 } },
    ]);
  });
});
