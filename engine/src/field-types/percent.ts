import type { FieldType } from './field-type.ts';
import { numberFieldType } from './numeric.ts';

/** 12.5 means 12.5 %: the number the user typed, not a fraction, so reports and formulas read it as shown. */
export const percentType: FieldType = numberFieldType({
  name: 'percent',
  label: { en: 'Percent', 'zh-CN': '百分比' },
  defaultPrecision: 7,
  supportsUnique: false,
  samples: {
    field: { min: 0, max: 100 },
    good: [{ input: 0 }, { input: 12.5 }, { input: 100 }, { input: 33.333, output: 33.33 }, { input: 0.005, output: 0.01 }],
    bad: ['50%', -0.01, 100.01, true, [50]],
  },
});
