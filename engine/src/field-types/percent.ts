import type { FieldType } from './field-type.ts';
import type { FieldDef } from '../metadata/index.ts';
import { checkNumeric, numberOrNull, numberSchema, numericCasts, numericSettings, numericShape, numericSqlType, roundToScale } from './numeric.ts';

/** 12.5 means 12.5 %: the number the user typed, not a fraction, so reports and formulas read it as shown. */
const shape = (field: FieldDef) => numericShape(field, 7);
const casts = numericCasts(7);

export const percentType: FieldType = {
  name: 'percent',
  label: { en: 'Percent', 'zh-CN': '百分比' },
  settings: numericSettings,
  supportsUnique: false,
  supportsIndex: true,
  check: (field) => checkNumeric(field, shape(field)),
  columns: (field) => [{ name: field.api_name, sqlType: numericSqlType(shape(field)) }],
  valueSchema: (field) => numberSchema(field, shape(field)),
  toColumns: (value, field) => ({ [field.api_name]: typeof value === 'number' ? roundToScale(value, shape(field).scale) : null }),
  fromColumns: (row, field) => numberOrNull(row[field.api_name]),
  sortColumn: (field) => field.api_name,
  castFrom: { percent: casts.fromNumber, decimal: casts.fromNumber, integer: casts.fromNumber, text: casts.fromText, long_text: casts.fromText },
  samples: {
    field: { min: 0, max: 100 },
    good: [{ input: 0 }, { input: 12.5 }, { input: 100 }, { input: 33.333, output: 33.33 }, { input: 0.005, output: 0.01 }],
    bad: ['50%', -0.01, 100.01, true, [50]],
  },
};
