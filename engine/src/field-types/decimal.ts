import type { FieldType } from './field-type.ts';
import type { FieldDef } from '../metadata/index.ts';
import { checkNumeric, numberOrNull, numberSchema, numericCasts, numericSettings, numericShape, numericSqlType, roundToScale } from './numeric.ts';

const shape = (field: FieldDef) => numericShape(field, 15);
const casts = numericCasts(15);

export const decimalType: FieldType = {
  name: 'decimal',
  label: { en: 'Decimal', 'zh-CN': '小数' },
  settings: numericSettings,
  supportsUnique: true,
  supportsIndex: true,
  check: (field) => checkNumeric(field, shape(field)),
  columns: (field) => [{ name: field.api_name, sqlType: numericSqlType(shape(field)) }],
  valueSchema: (field) => numberSchema(field, shape(field)),
  toColumns: (value, field) => ({ [field.api_name]: typeof value === 'number' ? roundToScale(value, shape(field).scale) : null }),
  fromColumns: (row, field) => numberOrNull(row[field.api_name]),
  sortColumn: (field) => field.api_name,
  castFrom: { decimal: casts.fromNumber, integer: casts.fromNumber, percent: casts.fromNumber, text: casts.fromText, long_text: casts.fromText },
  samples: {
    field: { precision: 12, scale: 2 },
    good: [
      { input: 0 },
      { input: 12.5 },
      { input: -3.14 },
      { input: 1.005, output: 1.01 },
      { input: 2.675, output: 2.68 },
      { input: -0.125, output: -0.13 },
      { input: 9999999999.99 },
    ],
    bad: ['12.5', true, [1], { amount: 1 }, 10000000000, -9999999999.999],
  },
};
