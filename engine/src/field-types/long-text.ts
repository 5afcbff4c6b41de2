import type { FieldType } from './field-type.ts';
import type { FieldDef } from '../metadata/index.ts';
import { blankToNull } from './empty.ts';
import { textCasts } from './cast-rules.ts';

export const LONG_TEXT_DEFAULT_MAX = 32000;
const maxOf = (field: FieldDef) => field.max_length ?? LONG_TEXT_DEFAULT_MAX;
const { tooLong, numberAsText } = textCasts(maxOf);

export const longTextType: FieldType = {
  name: 'long_text',
  label: { en: 'Long text', 'zh-CN': '长文本' },
  settings: { max_length: { type: 'integer', minimum: 1, maximum: 131072 } },
  // Values can outgrow a btree entry (about 2.7 kB), so neither a unique constraint nor an index is offered.
  supportsUnique: false,
  supportsIndex: false,
  columns: (field) => [{ name: field.api_name, sqlType: 'text' }],
  valueSchema: (field) => ({ type: 'string', maxLength: maxOf(field) }),
  toColumns: (value, field) => ({ [field.api_name]: blankToNull(value) ?? null }),
  fromColumns: (row, field) => row[field.api_name] ?? null,
  sortColumn: (field) => field.api_name,
  castFrom: {
    long_text: tooLong,
    text: tooLong,
    email: tooLong,
    phone: tooLong,
    url: tooLong,
    picklist: tooLong,
    autonumber: tooLong,
    integer: numberAsText,
    decimal: numberAsText,
  },
  samples: {
    field: { max_length: 2000 },
    good: [{ input: 'Line one\nLine two\n\n  indented' }, { input: '客户反馈：\n1. 价格\n2. 交期' }, { input: '   \n ', output: null }, { input: 'x'.repeat(2000) }],
    bad: [42, false, ['a'], { text: 'a' }, 'x'.repeat(2001)],
  },
};
