import type { FieldType } from './field-type.ts';
import { numberFieldType } from './numeric.ts';

export const decimalType: FieldType = numberFieldType({
  name: 'decimal',
  label: { en: 'Decimal', 'zh-CN': '小数' },
  defaultPrecision: 15,
  supportsUnique: true,
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
});
