import { describe, expect, it } from 'vitest';
import { createBuiltinRegistry, fieldValueSchema } from '../../engine/src/field-types/index.ts';
import { engineAjv, sampleField } from './support.ts';

const registry = createBuiltinRegistry();

describe('picklist', () => {
  const type = registry.require('picklist');
  const field = sampleField(type);
  it('refuses an inactive value but still reads it from old records', () => {
    const validate = engineAjv.compile(fieldValueSchema(type, field));
    expect(validate('old')).toBe(false);
    expect(validate('new')).toBe(true);
    expect(validate(null)).toBe(true);
    expect(type.fromColumns({ f: 'old' }, field)).toBe('old');
  });
  it('reports duplicate values and a list with nothing active', () => {
    const ctx = { objectExists: () => true };
    const value = (v: string, active = true) => ({ value: v, label: { en: v }, active });
    expect(type.check?.(sampleField(type, { values: [value('a'), value('a')] }), ctx)).toEqual([expect.objectContaining({ field: 'values.1.value' })]);
    expect(type.check?.(sampleField(type, { values: [value('a', false)] }), ctx)).toEqual([expect.objectContaining({ field: 'values' })]);
  });
});

describe('multi_picklist', () => {
  const type = registry.require('multi_picklist');
  const field = sampleField(type);
  const validate = engineAjv.compile(type.valueSchema(field));
  it('takes unique active values, at most one of each', () => {
    expect(validate(['email', 'sms', 'phone'])).toBe(true);
    expect(validate(['email', 'email'])).toBe(false);
    expect(validate(['fax'])).toBe(false);
  });
  it('stores the selection in display order and no selection as null', () => {
    expect(type.toColumns(['phone', 'email'], field)).toEqual({ f: ['email', 'phone'] });
    expect(type.toColumns([], field)).toEqual({ f: null });
  });
  it('cannot be sorted', () => expect(type.sortColumn(field)).toBeNull());
});
