import { describe, expect, it } from 'vitest';
import { createBuiltinRegistry, fieldValueSchema } from '../../engine/src/field-types/index.ts';
import { roundToScale } from '../../engine/src/field-types/numeric.ts';
import { engineAjv, sampleField } from './support.ts';

const registry = createBuiltinRegistry();

describe('roundToScale', () => {
  it.each([
    [1.005, 2, '1.01'],
    [1.004, 2, '1.00'],
    [-1.005, 2, '-1.01'],
    [2.675, 2, '2.68'],
    [0.5, 0, '1'],
    [-0.5, 0, '-1'],
    [0.0049, 2, '0.00'],
    [-0.0049, 2, '0.00'],
    [1e-7, 3, '0.000'],
    [123456.789, 0, '123457'],
    [9999999999999.99, 2, '9999999999999.99'],
    [12, 4, '12.0000'],
    [0, 2, '0.00'],
    [99.995, 2, '100.00'],
    [1e21, 0, '1000000000000000000000'],
  ])('%s at scale %s is %s', (value, scale, text) => expect(roundToScale(value, scale)).toBe(text));
});

describe('decimal', () => {
  const type = registry.require('decimal');
  it('rounds to the field scale when saved', () => {
    const field = sampleField(type, { precision: 8, scale: 3 });
    expect(type.toColumns(3.14159, field)).toEqual({ f: '3.142' });
    expect(type.fromColumns({ f: '3.142' }, field)).toBe(3.142);
    expect(type.columns(field)).toEqual([{ name: 'f', sqlType: 'numeric(8,3)' }]);
  });
  it('bounds values by the digits left of the point and by min/max', () => {
    const field = sampleField(type, { precision: 5, scale: 2, min: -10 });
    const validate = engineAjv.compile(type.valueSchema(field));
    expect([999.99, -10, 0.001].map((v) => validate(v))).toEqual([true, true, true]);
    expect([1000, 999.991, -10.01].map((v) => validate(v))).toEqual([false, false, false]);
  });
  it('defaults to numeric(15,2) and keeps the scale within the precision', () => {
    const field = sampleField(type, { precision: undefined, scale: undefined });
    expect(type.columns(field)[0]?.sqlType).toBe('numeric(15,2)');
    expect(type.columns(sampleField(type, { precision: 1, scale: undefined }))[0]?.sqlType).toBe('numeric(1,1)');
    expect(type.check?.(sampleField(type, { precision: 4, scale: 5 }), { objectExists: () => true })).toEqual([expect.objectContaining({ field: 'scale' })]);
    expect(type.check?.(sampleField(type, { min: 5, max: 1 }), { objectExists: () => true })).toEqual([expect.objectContaining({ field: 'min' })]);
  });
});

describe('integer', () => {
  const type = registry.require('integer');
  it('stays within what a JSON number holds exactly', () => {
    const validate = engineAjv.compile(type.valueSchema(sampleField(type, { min: undefined, max: undefined })));
    expect(validate(Number.MAX_SAFE_INTEGER)).toBe(true);
    expect(validate(-Number.MAX_SAFE_INTEGER)).toBe(true);
    expect(validate(Number.MAX_SAFE_INTEGER + 1)).toBe(false);
  });
});

describe('percent', () => {
  const type = registry.require('percent');
  it('stores 12.5 % as 12.5 in numeric(7,2) by default', () => {
    const field = sampleField(type, { min: undefined, max: undefined });
    expect(type.columns(field)[0]?.sqlType).toBe('numeric(7,2)');
    expect(type.toColumns(12.5, field)).toEqual({ f: '12.50' });
    expect(type.fromColumns({ f: '12.50' }, field)).toBe(12.5);
  });
});

describe('currency', () => {
  const type = registry.require('currency');
  it('uses the default currency when the code is left out', () => {
    const field = sampleField(type);
    expect(type.toColumns({ amount: 10 }, field)).toEqual({ f: '10.00', f__currency: 'CNY' });
    expect(type.fromColumns({ f: '10.00', f__currency: 'CNY' }, field)).toEqual({ amount: 10, currency: 'CNY' });
  });
  it('requires the code when there is no default, and takes any ISO 4217 code without a list', () => {
    const field = sampleField(type, { currencies: undefined, default_currency: undefined });
    const validate = engineAjv.compile(type.valueSchema(field));
    expect(validate({ amount: 10 })).toBe(false);
    expect(validate({ amount: 10, currency: 'JPY' })).toBe(true);
    expect(validate({ amount: 10, currency: 'JP' })).toBe(false);
  });
  it('is two columns, sorted by the amount', () => {
    const field = sampleField(type);
    expect(type.columns(field)).toEqual([
      { name: 'f', sqlType: 'numeric(14,2)' },
      { name: 'f__currency', sqlType: 'char(3)' },
    ]);
    expect(type.sortColumn(field)).toBe('f');
  });
  it('refuses a default currency outside the allowed list', () => {
    expect(type.check?.(sampleField(type, { default_currency: 'JPY' }), { objectExists: () => true })).toEqual([expect.objectContaining({ field: 'default_currency' })]);
  });
  it('is nullable as a whole', () => {
    const validate = engineAjv.compile(fieldValueSchema(type, sampleField(type)));
    expect(validate(null)).toBe(true);
    expect(validate({ amount: null, currency: 'CNY' })).toBe(false);
  });
});
