import type { FieldType } from './field-type.ts';
import { plainTextType } from './plain-text.ts';

export const LONG_TEXT_DEFAULT_MAX = 32000;

export const longTextType: FieldType = plainTextType({
  name: 'long_text',
  label: { en: 'Long text', 'zh-CN': '长文本' },
  defaultMax: LONG_TEXT_DEFAULT_MAX,
  maxLimit: 131072,
  // Values can outgrow a btree entry (about 2.7 kB), so neither a unique constraint nor an index is offered.
  indexable: false,
  searchable: true,
  samples: {
    field: { max_length: 2000 },
    good: [{ input: 'Line one\nLine two\n\n  indented' }, { input: '客户反馈：\n1. 价格\n2. 交期' }, { input: '   \n ', output: null }, { input: 'x'.repeat(2000) }],
    bad: [42, false, ['a'], { text: 'a' }, 'x'.repeat(2001)],
  },
});
