import fc from 'fast-check';
import type { JsonValue } from '../../engine/src/kernel/index.ts';
import type { FieldDef, ObjectDef, TenantMetadata } from '../../engine/src/metadata/index.ts';

/** The object the property test reads: one field of every type that has an SQL column the rule language reads. */
export const OBJECT = 'deal';

const label = (en: string) => ({ en });
const values = (names: string[]) => names.map((value) => ({ value, label: label(value) }));

export const FIELDS: FieldDef[] = [
  { api_name: 't_text', type: 'text', label: label('Text'), max_length: 60 },
  { api_name: 't_long', type: 'long_text', label: label('Long text') },
  { api_name: 't_email', type: 'email', label: label('Email') },
  { api_name: 't_phone', type: 'phone', label: label('Phone') },
  { api_name: 't_url', type: 'url', label: label('URL') },
  { api_name: 't_pick', type: 'picklist', label: label('Stage'), values: values(['new', 'won', 'lost']) },
  { api_name: 't_multi', type: 'multi_picklist', label: label('Tags'), values: values(['a', 'b', 'c']) },
  { api_name: 't_int', type: 'integer', label: label('Integer') },
  { api_name: 't_dec', type: 'decimal', label: label('Decimal'), precision: 12, scale: 2 },
  { api_name: 't_pct', type: 'percent', label: label('Percent'), precision: 5, scale: 1 },
  { api_name: 't_money', type: 'currency', label: label('Budget'), precision: 14, scale: 2, currencies: ['CNY', 'USD'], default_currency: 'CNY' },
  { api_name: 't_bool', type: 'boolean', label: label('Flag') },
  { api_name: 't_date', type: 'date', label: label('Close date') },
  { api_name: 't_dt', type: 'datetime', label: label('Closed at') },
  { api_name: 't_json', type: 'json', label: label('Extra') },
];

export function metadataOf(): TenantMetadata {
  const object: ObjectDef = { api_name: OBJECT, label: label('Deal'), plural_label: label('Deals'), name_field: 't_text', fields: FIELDS };
  return { version: 1, objects: [object] };
}

const orNull = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null, freq: 4 });

const TEXTS = ['', ' ', 'Acme', 'acme', 'ACME Ltd', 'a', 'B', '12', '12.5', ' 7 ', '0', '1e3', '0x10', 'true', 'new', '北京星辰科技有限公司', '北京科技', "O'Brien", 'abc%_\\', '2026-01-31', 'CNY'];
const textArb = fc.oneof(fc.constantFrom(...TEXTS), fc.string({ unit: fc.constantFrom('a', 'B', 'c', '1', '2', '.', ' ', '-', 'e', '%', '中'), maxLength: 8 }));
const dayArb = fc.date({ min: new Date('1999-12-01T00:00:00Z'), max: new Date('2031-02-28T00:00:00Z'), noInvalidDate: true });
const dateText = (d: Date) => d.toISOString().slice(0, 10);
const cents = (max: number) => fc.integer({ min: -max, max }).map((n) => n / 100);

const smallJson: fc.Arbitrary<JsonValue> = fc.letrec<{ value: JsonValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', maxDepth: 2 },
    fc.constantFrom<JsonValue>(null, true, false, 0, 1, 2, -3, 2.5, '', 'a', 'b', 'Acme', '12'),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('a', 'b', 'qty'), tie('value'), { maxKeys: 3 }),
  ),
})).value;

/** API values of a record, each schema-valid for its field (null included). */
export const recordArb = fc.record({
  id: fc.uuid(),
  t_text: orNull(textArb),
  t_long: orNull(textArb),
  t_email: orNull(fc.constantFrom('li.lei@example.com', 'Sales+CN@Acme.co.uk', 'a@b.cn')),
  t_phone: orNull(fc.constantFrom('+86 138 0013 8000', '(010) 6552-9988', '110')),
  t_url: orNull(fc.constantFrom('https://example.com', 'https://acme.cn/a?b=1')),
  t_pick: orNull(fc.constantFrom('new', 'won', 'lost')),
  t_multi: orNull(fc.subarray(['a', 'b', 'c'])),
  t_int: orNull(fc.oneof(fc.integer({ min: -20, max: 20 }), fc.integer({ min: -1e9, max: 1e9 }))),
  t_dec: orNull(fc.oneof(cents(5000), fc.constantFrom(0.1, 0.2, 0.3, 12.34, -0.5, 9999999999.99))),
  t_pct: orNull(fc.integer({ min: -9999, max: 9999 }).map((n) => n / 10)),
  t_money: orNull(fc.record({ amount: cents(100000), currency: fc.constantFrom('CNY', 'USD') })),
  t_bool: orNull(fc.boolean()),
  t_date: orNull(dayArb.map(dateText)),
  t_dt: orNull(fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2030-12-31T23:59:59Z'), noInvalidDate: true }).map((d) => d.toISOString())),
  t_json: orNull(smallJson),
});

export type RecordInput = typeof recordArb extends fc.Arbitrary<infer T> ? T : never;
