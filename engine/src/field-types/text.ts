import type { FieldType } from './field-type.ts';
import type { FieldDef } from '../metadata/index.ts';
import { blankToNull } from './empty.ts';
import { textCasts } from './cast-rules.ts';

export const TEXT_DEFAULT_MAX = 255;
const maxOf = (field: FieldDef) => field.max_length ?? TEXT_DEFAULT_MAX;
// Every source is checked against max_length: a shorter limit than the source's must report rows, not truncate them.
const { tooLong, numberAsText } = textCasts(maxOf);

export const textType: FieldType = {
  name: 'text',
  label: { en: 'Text', 'zh-CN': '文本' },
  settings: { max_length: { type: 'integer', minimum: 1, maximum: 10000 } },
  supportsUnique: true,
  supportsIndex: true,
  columns: (field) => [{ name: field.api_name, sqlType: 'text' }],
  valueSchema: (field) => ({ type: 'string', maxLength: maxOf(field) }),
  toColumns: (value, field) => ({ [field.api_name]: blankToNull(value) }),
  fromColumns: (row, field) => row[field.api_name] ?? null,
  sortColumn: (field) => field.api_name,
  castFrom: {
    text: tooLong,
    long_text: tooLong,
    email: tooLong,
    phone: tooLong,
    url: tooLong,
    picklist: tooLong,
    autonumber: tooLong,
    integer: numberAsText,
    decimal: numberAsText,
  },
  samples: {
    field: { max_length: 40 },
    good: [{ input: 'Acme Ltd' }, { input: '北京星辰科技有限公司' }, { input: "O'Brien; --drop" }, { input: '   ', output: null }, { input: 'x'.repeat(40) }],
    bad: [42, true, { a: 1 }, ['a'], 'x'.repeat(41)],
  },
};
