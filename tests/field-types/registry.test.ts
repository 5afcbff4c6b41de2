import { describe, expect, it } from 'vitest';
import { builtinFieldTypes, createBuiltinRegistry, fieldValueSchema, type FieldType } from '../../engine/src/field-types/index.ts';
import { textType } from '../../engine/src/field-types/text.ts';
import { engineAjv, sampleField } from './support.ts';

const NAMES = ['text', 'long_text', 'rich_text', 'email', 'phone', 'url', 'integer', 'decimal', 'currency', 'percent', 'boolean', 'date', 'datetime', 'picklist', 'multi_picklist', 'lookup', 'user', 'autonumber', 'json', 'formula', 'rollup'];

describe('built-in registry', () => {
  it('holds the 21 built-in types in designer order', () => {
    expect(builtinFieldTypes.map((t) => t.name)).toEqual(NAMES);
    expect(createBuiltinRegistry().list().map((t) => t.name)).toEqual(NAMES);
  });

  it('gives every caller its own registry, so a plugin type stays in the registry it was added to', () => {
    const plugin: FieldType = { ...textType, name: 'plugin_text' };
    const one = createBuiltinRegistry();
    one.register(plugin);
    expect(one.get('plugin_text')).toBe(plugin);
    expect(createBuiltinRegistry().get('plugin_text')).toBeUndefined();
    expect(() => one.register(plugin)).toThrow(/already registered/);
    expect(() => one.require('nope')).toThrow(expect.objectContaining({ code: 'unknown_field_type' }));
  });
});

describe('fieldValueSchema', () => {
  const registry = createBuiltinRegistry();
  it('adds null to a single type, and to an enum', () => {
    const picklist = registry.require('picklist');
    expect(fieldValueSchema(picklist, sampleField(picklist))).toEqual({ type: ['string', 'null'], enum: ['new', 'won', null] });
    const integer = registry.require('integer');
    expect(fieldValueSchema(integer, sampleField(integer))).toMatchObject({ type: ['integer', 'null'] });
  });
  it('wraps other schemas in anyOf', () => {
    const json = registry.require('json');
    const schema = fieldValueSchema(json, sampleField(json));
    expect(schema).toEqual({ anyOf: [json.valueSchema(sampleField(json)), { type: 'null' }] });
    const validate = engineAjv.compile(schema);
    expect([null, {}, [], 'x', 0].every((v) => validate(v))).toBe(true);
  });
});
