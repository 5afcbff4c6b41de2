import { expect } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import type { TestEngine } from '../support/engine.ts';
import { createObject, createRecord, problemOf } from '../support/record-helpers.ts';

/** An aggregate answer as the API returns it. */
export interface AggregateBody {
  groups: Array<{ key: Record<string, unknown>; values: Record<string, number | string | null> }>;
  total: { count: number; exact: boolean };
  truncated: boolean;
}

/** One seeded deal, as the test knows it (money in cents, so sums are computed exactly in JavaScript). */
export interface Deal {
  name: string;
  stage: 'lead' | 'won' | 'lost';
  region: string | null;
  won: boolean | null;
  cents: number | null;
  qty: number;
  price: { cents: number; currency: 'CNY' | 'USD' } | null;
  closed_on: string | null;
  account: string | null;
}

const STAGES = ['lead', 'won', 'lost'] as const;
const REGIONS = [null, 'north', 'south', 'east'] as const;

/** Deterministic deals covering nulls in every nullable field, two currencies and several months and years. */
export function dealData(accounts: string[], count = 24): Deal[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `deal ${String(i).padStart(2, '0')}`,
    stage: STAGES[i % 3] as Deal['stage'],
    region: REGIONS[i % 4] as string | null,
    won: i % 5 === 0 ? null : i % 2 === 0,
    cents: i % 6 === 0 ? null : i * 1250 + 25 * (i % 4),
    qty: i * 3 - 20,
    price: i % 7 === 3 ? null : { cents: i * 1000 + 50, currency: i % 2 ? 'USD' : 'CNY' },
    closed_on: i % 8 === 7 ? null : `${2025 + (i % 2)}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 27) + 1).padStart(2, '0')}`,
    account: i % 5 === 4 ? null : (accounts[i % accounts.length] ?? null),
  }));
}

export const DEAL_OBJECT = {
  api_name: 'deal',
  label: { en: 'Deal' },
  fields: [
    { api_name: 'stage', type: 'picklist', values: STAGES.map((value) => ({ value, label: { en: value } })) },
    { api_name: 'region', type: 'text' },
    { api_name: 'won', type: 'boolean' },
    { api_name: 'amount', type: 'decimal', precision: 12, scale: 2 },
    { api_name: 'qty', type: 'integer' },
    { api_name: 'price', type: 'currency', precision: 14, scale: 2, currencies: ['CNY', 'USD'] },
    { api_name: 'closed_on', type: 'date' },
    { api_name: 'closed_at', type: 'datetime' },
    { api_name: 'margin', type: 'integer' },
    { api_name: 'tags', type: 'multi_picklist', values: [{ value: 'a', label: { en: 'a' } }] },
    { api_name: 'account', type: 'lookup', target: 'account', on_delete: 'set_null' },
  ],
};

export async function seedDeals(t: TestEngine, token?: string, count = 24): Promise<{ deals: Deal[]; accounts: string[] }> {
  await createObject(t, { api_name: 'account', label: { en: 'Account' }, fields: [{ api_name: 'industry', type: 'text' }] });
  await createObject(t, DEAL_OBJECT);
  const accounts: string[] = [];
  for (const industry of ['tech', 'retail', 'energy']) accounts.push((await createRecord(t, 'account', { name: industry, industry })).id);
  const deals = dealData(accounts, count);
  for (const d of deals) await createRecord(t, 'deal', payloadOf(d), token);
  return { deals, accounts };
}

export function payloadOf(d: Deal): Record<string, unknown> {
  return {
    name: d.name,
    stage: d.stage,
    region: d.region,
    won: d.won,
    amount: d.cents === null ? null : d.cents / 100,
    qty: d.qty,
    price: d.price === null ? null : { amount: d.price.cents / 100, currency: d.price.currency },
    closed_on: d.closed_on,
    margin: 7,
    account: d.account,
  };
}

/** POST /api/records/:object/query with an aggregate. */
export function aggregate(t: TestEngine, object: string, body: Record<string, unknown>, token?: string): Promise<LightMyRequestResponse> {
  return t.request({ method: 'POST', url: `/api/records/${object}/query`, payload: body, token });
}

export async function aggregateOk(t: TestEngine, object: string, body: Record<string, unknown>, token?: string): Promise<AggregateBody> {
  const res = await aggregate(t, object, body, token);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as AggregateBody;
}

/** A 4xx problem+json with this status and code, naming these fields; never a 500. */
export function expectRefused(res: LightMyRequestResponse, status: number, code: string, field?: string | RegExp): void {
  const problem = problemOf(res);
  expect([problem.status, problem.code], res.body).toEqual([status, code]);
  if (field !== undefined) {
    const fields = (problem.errors ?? []).map((e) => e.field);
    expect(fields.some((f) => (typeof field === 'string' ? f === field : field.test(f))), res.body).toBe(true);
  }
}

/** Groups keyed by the JSON of their key, for comparing with a computed answer regardless of order. */
export function byKey(body: AggregateBody): Map<string, Record<string, unknown>> {
  return new Map(body.groups.map((g) => [JSON.stringify(g.key), g.values]));
}

/** Plain JavaScript grouping of the seeded data: the independent answer the engine must match. */
export function groupRows<T>(rows: T[], keyOf: (row: T) => Record<string, unknown>): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = JSON.stringify(keyOf(row));
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return groups;
}
