import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formulaValues } from '../../engine/src/contracts/index.ts';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { createRecord, type ApiRecord } from '../support/record-helpers.ts';
import { createFormulaWorld } from './world.ts';

/** Random records: the formula values PostgreSQL returns are the ones formulaValues computes in JavaScript. */

let t: TestEngine;
let customers: ApiRecord[];

beforeAll(async () => {
  t = await startTestEngine();
  await createFormulaWorld(t);
  customers = [await createRecord(t, 'customer', { name: 'G', credit: 1000 }), await createRecord(t, 'customer', { name: 'S', credit: 999.99 })];
}, 60_000);
afterAll(() => t.close());

const cents = (min: number, max: number) => fc.integer({ min: min * 100, max: max * 100 }).map((n) => n / 100);
const text = fc.string({ maxLength: 12 }).filter((s) => !s.includes('\u0000'));
const day = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2060-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

const line = fc.record({
  name: text.map((s) => `n${s}`),
  code: fc.option(text),
  quantity: fc.option(fc.integer({ min: -100_000, max: 100_000 })),
  unit_price: fc.option(fc.oneof(cents(-99_999, 99_999), fc.constantFrom(0, 0.01, 0.05, 1.005, 2.675, 0.125))),
  discount: fc.option(cents(-100, 200)),
  close_date: fc.option(day),
  customer: fc.constantFrom(0, 1, 2),
});

describe('formulas: JavaScript = SQL', () => {
  it('agree on random records (numbers rounded to scale, text, dates, booleans, lookups, formulas of formulas)', async () => {
    const model = await t.engine.models.get(t.tenant.slug);
    const object = model.objects.get('order_line');
    const customer = model.objects.get('customer');
    if (!object || !customer) throw new Error('objects missing');
    const now = new Date();
    await fc.assert(
      fc.asyncProperty(line, async (input) => {
        const looked = customers[input.customer];
        const created = await createRecord(t, 'order_line', { ...input, customer: looked?.id ?? null });
        const ctx = { now, timeZone: 'UTC' };
        const expanded = looked ? { ...looked, ...formulaValues(customer, looked, { operators: model.operators, ctx }) } : null;
        const inJs = formulaValues(object, { ...created, customer: expanded }, { operators: model.operators, ctx });
        const inSql = Object.fromEntries(Object.keys(inJs).map((name) => [name, created[name]]));
        expect(inJs).toEqual(inSql);
      }),
      { numRuns: 150 },
    );
  }, 120_000);
});
