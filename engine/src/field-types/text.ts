import type { FieldType } from './field-type.ts';
import { plainTextType } from './plain-text.ts';

export const TEXT_DEFAULT_MAX = 255;

export const textType: FieldType = plainTextType({
  name: 'text',
  label: { en: 'Text', 'zh-CN': '文本' },
  defaultMax: TEXT_DEFAULT_MAX,
  maxLimit: 10000,
  indexable: true,
  searchable: true,
  samples: {
    field: { max_length: 40 },
    good: [{ input: 'Acme Ltd' }, { input: '北京星辰科技有限公司' }, { input: "O'Brien; --drop" }, { input: '   ', output: null }, { input: 'x'.repeat(40) }],
    bad: [42, true, { a: 1 }, ['a'], 'x'.repeat(41)],
  },
});
