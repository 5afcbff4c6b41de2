import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBuiltinRegistry } from '../../engine/src/field-types/index.ts';
import type { Knex } from '../../engine/src/db/index.ts';
import type { FieldDef } from '../../engine/src/metadata/index.ts';
import { freshTenant, testKnex } from '../support/db.ts';
import { createFieldTable, engineAjv, q, qualified, sampleField, tableName } from './support.ts';

/**
 * Safe casts on real rows: which rows the plan reports as not converting, and what the others become.
 * Source values are raw column values, so odd data (tabs, exponents, invalid days) can be planted.
 */
const registry = createBuiltinRegistry();
const db: Knex = testKnex();
let schema = '';
beforeAll(async () => {
  schema = (await freshTenant(db, 'fc')).schema;
});
afterAll(() => db.destroy());

interface Case {
  to: string;
  from: string;
  toField?: Partial<FieldDef>;
  fromField?: Partial<FieldDef>;
  rows: unknown[];
  failing: number;
  converted: unknown[];
}

const cases: Array<[string, Case]> = [
  ['text → integer', { to: 'integer', from: 'text', toField: { min: undefined, max: undefined }, rows: ['42', ' -7 ', '+5', '\t12\n', '4.5', 'abc', '', '99999999999999999999', '9007199254740992', '9007199254740991'], failing: 5, converted: [42, -7, 5, 12, 9007199254740991] }],
  ['text → integer within min/max', { to: 'integer', from: 'text', toField: { min: 0, max: 100 }, rows: ['5', '-1', '101', '100'], failing: 2, converted: [5, 100] }],
  ['decimal → integer', { to: 'integer', from: 'decimal', toField: { min: undefined, max: undefined }, rows: ['12.00', '3.5', '-4', '-0.01'], failing: 2, converted: [12, -4] }],
  ['integer → integer with a lower max', { to: 'integer', from: 'integer', fromField: { min: undefined, max: undefined }, toField: { max: 100 }, rows: [5, 500, 100], failing: 1, converted: [5, 100] }],
  ['decimal scale and precision narrowing', { to: 'decimal', from: 'decimal', fromField: { precision: 12, scale: 4 }, toField: { precision: 6, scale: 2 }, rows: ['1.2345', '1.2300', '9999.99', '-9999.99', '10000', '0.001'], failing: 3, converted: [1.23, 9999.99, -9999.99] }],
  ['integer → decimal', { to: 'decimal', from: 'integer', fromField: { min: undefined, max: undefined }, toField: { precision: 5, scale: 2 }, rows: [999, -999, 1000], failing: 1, converted: [999, -999] }],
  ['text → decimal', { to: 'decimal', from: 'text', toField: { precision: 6, scale: 2 }, rows: [' 12.5 ', '.5', '7.', '-3', '1e5', '12.345', 'x', '10000', '.'], failing: 5, converted: [12.5, 0.5, 7, -3] }],
  ['decimal → percent with bounds', { to: 'percent', from: 'decimal', rows: ['12.5', '100', '100.01', '-1'], failing: 2, converted: [12.5, 100] }],
  ['currency scale narrowing', { to: 'currency', from: 'currency', toField: { scale: 0 }, rows: ['10.00', '10.50'], failing: 1, converted: [{ amount: 10, currency: 'CNY' }] }],
  ['text → email', { to: 'email', from: 'text', rows: ['a@b.co', 'Li.Lei@Example.COM', 'not an email', 'a@b'], failing: 2, converted: ['a@b.co', 'Li.Lei@Example.COM'] }],
  ['text → phone', { to: 'phone', from: 'text', rows: ['+86 138 0013 8000', '555-2671 ext 12', 'call me', '12'], failing: 2, converted: ['+86 138 0013 8000', '555-2671 ext 12'] }],
  ['long_text → url', { to: 'url', from: 'long_text', rows: ['https://example.com/a?b=1#c', 'example.com', 'https://例子.中国', 'https://example.com/%zz'], failing: 3, converted: ['https://example.com/a?b=1#c'] }],
  ['text → date', { to: 'date', from: 'text', rows: ['2024-02-29', '2025-02-29', '2025-02-30', '2025-13-01', '2025-04-31', '2025-04-30', '2025-12-31', 'soon', '2025-1-1'], failing: 6, converted: ['2024-02-29', '2025-04-30', '2025-12-31'] }],
  ['datetime → date', { to: 'date', from: 'datetime', rows: ['2026-01-01T00:00:00Z', '2026-01-02T08:00:00+08:00', '2026-01-01T09:00:00Z'], failing: 1, converted: ['2026-01-01', '2026-01-02'] }],
  ['date → datetime', { to: 'datetime', from: 'date', rows: ['2026-01-01', '2024-02-29'], failing: 0, converted: ['2026-01-01T00:00:00.000Z', '2024-02-29T00:00:00.000Z'] }],
  ['picklist → multi_picklist', { to: 'multi_picklist', from: 'picklist', rows: ['sms', 'fax', 'gone'], failing: 1, converted: [['sms'], ['fax']] }],
  ['multi_picklist with a value removed', { to: 'multi_picklist', from: 'multi_picklist', toField: { values: [{ value: 'sms', label: { en: 'SMS' } }] }, rows: [['sms'], ['sms', 'email']], failing: 1, converted: [['sms']] }],
  ['integer → boolean', { to: 'boolean', from: 'integer', fromField: { min: undefined, max: undefined }, rows: [0, 1, 2], failing: 1, converted: [false, true] }],
  ['url → text shorter than some urls', { to: 'text', from: 'url', toField: { max_length: 20 }, rows: ['https://a.cn', 'https://example.com/long/path'], failing: 1, converted: ['https://a.cn'] }],
  ['integer → long_text', { to: 'long_text', from: 'integer', fromField: { min: undefined, max: undefined }, rows: [42, -7], failing: 0, converted: ['42', '-7'] }],
  ['text → rich_text without markup', { to: 'rich_text', from: 'text', rows: ['plain words', 'a < b & c', '<script>x</script>', 'x &amp; y'], failing: 3, converted: ['plain words'] }],
  ['multi_picklist → json', { to: 'json', from: 'multi_picklist', rows: [['sms', 'email']], failing: 0, converted: [['sms', 'email']] }],
  ['lookup to another object', { to: 'lookup', from: 'lookup', toField: { target: 'contact' }, rows: [null], failing: 0, converted: [null] }],
];

describe('safe casts on real rows', () => {
  it.each(cases)('%s', async (_name, c) => {
    const fromType = registry.require(c.from);
    const toType = registry.require(c.to);
    const from = sampleField(fromType, c.fromField);
    const to = sampleField(toType, c.toField);
    const fromColumns = fromType.columns(from);
    const table = tableName('cast');
    await createFieldTable(db, schema, table, [{ name: 'ord', sqlType: 'int' }, ...fromColumns]);
    const column = fromColumns[0]?.name ?? 'f';
    for (const [ord, value] of c.rows.entries()) {
      const extra = fromColumns.length > 1 ? { [`${column}__currency`]: 'CNY' } : {};
      await db.withSchema(schema).table(table).insert({ id: crypto.randomUUID(), ord, [column]: value, ...extra });
    }
    const cast = toType.castFrom[c.from]?.(q(column), from, to);
    expect(cast).toBeDefined();
    if (!cast) return;
    const where = cast.failing ? `${q(column)} is not null and (${cast.failing})` : 'false';
    const bindings = (cast.bindings ?? []) as Knex.RawBinding[];
    const counted = await db.raw<{ rows: Array<{ count: number }> }>(`select count(*)::int as count from ${qualified(schema, table)} where ${where}`, bindings);
    expect(counted.rows[0]?.count).toBe(c.failing);
    await db.transaction(async (trx) => {
      // A session in another time zone must not move dates.
      await trx.raw(`set local time zone 'Asia/Shanghai'`);
      await trx.raw(`delete from ${qualified(schema, table)} where ${where}`, bindings);
      const target = toType.columns(to)[0];
      if (target && target.sqlType !== fromColumns[0]?.sqlType) {
        await trx.raw(`alter table ${qualified(schema, table)} alter column ${q(column)} type ${target.sqlType}${cast.using ? ` using ${cast.using}` : ''}`);
      }
      const rows = (await trx.withSchema(schema).table(table).select('*').orderBy('ord')) as Array<Record<string, unknown>>;
      expect(rows.map((row) => toType.fromColumns(row, to))).toEqual(c.converted);
      await trx.rollback();
    }).catch((error: unknown) => {
      if (error !== undefined) throw error;
    });
  });

  // A row converts exactly when the API would accept its text: the SQL check and the value schema agree.
  // (Picklists differ on purpose: an inactive value converts, as old records keep it, but cannot be chosen.)
  it.each(['email', 'phone', 'url', 'date'])('text → %s reports exactly the values its schema refuses', async (name) => {
    const toType = registry.require(name);
    const textType = registry.require('text');
    const to = sampleField(toType);
    const validate = engineAjv.compile(toType.valueSchema(to));
    const samples = [...toType.samples.good.map((s) => s.input), ...toType.samples.bad].filter((v): v is string => typeof v === 'string' && v !== '');
    const table = tableName('agree');
    await createFieldTable(db, schema, table, textType.columns(sampleField(textType)));
    for (const value of samples) await db.withSchema(schema).table(table).insert({ id: crypto.randomUUID(), f: value });
    const cast = toType.castFrom.text?.(q('f'), sampleField(textType), to);
    const failing = await db.raw<{ rows: Array<{ f: string }> }>(
      `select f from ${qualified(schema, table)} where f is not null and (${cast?.failing ?? 'false'})`,
      (cast?.bindings ?? []) as Knex.RawBinding[],
    );
    expect(failing.rows.map((r) => r.f).sort()).toEqual(samples.filter((v) => !validate(v)).sort());
  });

  it('reports every valued row when a lookup changes its target', () => {
    const lookup = registry.require('lookup');
    const rule = lookup.castFrom.lookup;
    expect(rule?.('"f"', sampleField(lookup), sampleField(lookup, { target: 'contact' }))).toEqual({ failing: '"f" is not null' });
    expect(rule?.('"f"', sampleField(lookup), sampleField(lookup, { on_delete: 'cascade' }))).toEqual({});
  });
});
