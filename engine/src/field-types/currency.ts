import type { FieldError, JsonSchema } from '../kernel/index.ts';
import type { FieldDef } from '../metadata/index.ts';
import type { FieldType } from './field-type.ts';
import { checkNumeric, numberOrNull, numberSchema, numericCasts, numericSettings, numericShape, numericSqlType, roundToScale } from './numeric.ts';

/** Composite: the amount in `<api_name>` (sorted and filtered on), its ISO 4217 code in `<api_name>__currency`. */
const shape = (field: FieldDef) => numericShape(field, 15);
const codeColumn = (field: FieldDef) => `${field.api_name}__currency`;
const CODE = '^[A-Z]{3}$';

function currencySchema(field: FieldDef): JsonSchema {
  return field.currencies ? { type: 'string', enum: field.currencies } : { type: 'string', pattern: CODE };
}

function checkCurrency(field: FieldDef): FieldError[] {
  const errors = checkNumeric(field, shape(field));
  if (field.currencies && field.default_currency && !field.currencies.includes(field.default_currency)) {
    errors.push({ field: 'default_currency', message: `must be one of the allowed currencies (${field.currencies.join(', ')})` });
  }
  return errors;
}

function isMoney(value: unknown): value is { amount: number; currency?: string } {
  return typeof value === 'object' && value !== null && typeof (value as { amount?: unknown }).amount === 'number';
}

export const currencyType: FieldType = {
  name: 'currency',
  label: { en: 'Currency', 'zh-CN': '金额' },
  settings: {
    ...numericSettings,
    currencies: { type: 'array', minItems: 1, maxItems: 200, uniqueItems: true, items: { type: 'string', pattern: CODE } },
    default_currency: { type: 'string', pattern: CODE },
  },
  supportsUnique: false,
  supportsIndex: true,
  check: checkCurrency,
  columns: (field) => [
    { name: field.api_name, sqlType: numericSqlType(shape(field)) },
    { name: codeColumn(field), sqlType: 'char(3)' },
  ],
  valueSchema: (field) => ({
    type: 'object',
    additionalProperties: false,
    // With a default currency the code may be left out and the default is stored.
    required: field.default_currency ? ['amount'] : ['amount', 'currency'],
    properties: { amount: numberSchema(field, shape(field)), currency: currencySchema(field) },
  }),
  toColumns: (value, field) =>
    isMoney(value)
      ? { [field.api_name]: roundToScale(value.amount, shape(field).scale), [codeColumn(field)]: value.currency ?? field.default_currency ?? null }
      : { [field.api_name]: null, [codeColumn(field)]: null },
  fromColumns: (row, field) => {
    const amount = numberOrNull(row[field.api_name]);
    return amount === null ? null : { amount, currency: row[codeColumn(field)] ?? field.default_currency ?? null };
  },
  sortColumn: (field) => field.api_name,
  // Only the amount column converts; the code column keeps its values.
  castFrom: { currency: numericCasts(15).fromNumber },
  samples: {
    field: { precision: 14, scale: 2, currencies: ['CNY', 'USD', 'EUR'], default_currency: 'CNY' },
    good: [
      { input: { amount: 1999.5, currency: 'USD' } },
      { input: { amount: 88 }, output: { amount: 88, currency: 'CNY' } },
      { input: { amount: -0.015, currency: 'EUR' }, output: { amount: -0.02, currency: 'EUR' } },
      { input: { amount: 0, currency: 'CNY' } },
    ],
    bad: [12, '12 CNY', { currency: 'CNY' }, { amount: '12', currency: 'CNY' }, { amount: 1, currency: 'JPY' }, { amount: 1, currency: 'cny' }, { amount: 1, currency: 'CNY', rate: 7 }, { amount: 1e12, currency: 'CNY' }],
  },
};
