import { describe, expect, it } from 'vitest';
import { createBuiltinRegistry } from '../../engine/src/field-types/index.ts';
import { sampleField } from './support.ts';

const registry = createBuiltinRegistry();

describe('lookup', () => {
  const type = registry.require('lookup');
  const exists = (names: string[]) => ({ objectExists: (name: string) => names.includes(name) });

  it('references its target with the chosen delete rule, restrict by default', () => {
    expect(type.columns(sampleField(type, { target: 'account', on_delete: undefined }))).toEqual([{ name: 'f', sqlType: 'uuid', references: { table: 'account', onDelete: 'restrict' } }]);
    expect(type.columns(sampleField(type, { on_delete: 'set_null' }))[0]?.references?.onDelete).toBe('set null');
    expect(type.columns(sampleField(type, { on_delete: 'cascade' }))[0]?.references?.onDelete).toBe('cascade');
  });

  it('reports a missing or unknown target', () => {
    expect(type.check?.(sampleField(type), exists(['account']))).toEqual([]);
    expect(type.check?.(sampleField(type), exists(['contact']))).toEqual([expect.objectContaining({ field: 'target' })]);
    expect(type.check?.(sampleField(type, { target: undefined }), exists(['account']))).toEqual([expect.objectContaining({ field: 'target' })]);
  });

  it('refuses clearing a required lookup when its record is deleted', () => {
    expect(type.check?.(sampleField(type, { required: true, on_delete: 'set_null' }), exists(['account']))).toEqual([expect.objectContaining({ field: 'on_delete' })]);
    expect(type.check?.(sampleField(type, { required: true, on_delete: 'cascade' }), exists(['account']))).toEqual([]);
  });
});

describe('user', () => {
  it('references the tenant users and blocks deleting a referenced user', () => {
    const type = registry.require('user');
    expect(type.columns(sampleField(type))).toEqual([{ name: 'f', sqlType: 'uuid', references: { table: '_users', onDelete: 'restrict' } }]);
  });
});
