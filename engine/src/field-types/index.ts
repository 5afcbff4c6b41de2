export type { ColumnSpec, GenerateContext, CastRule, CastFrom, GoodSample, FieldType } from './field-type.ts';
export { createFieldTypeRegistry } from './registry.ts';
export type { FieldTypeRegistry } from './registry.ts';
export { builtinFieldTypes, createBuiltinRegistry } from './builtin-types.ts';
export { fieldValueSchema } from './field-value-schema.ts';
export { TEXT_DEFAULT_MAX } from './text.ts';
export { orderedValues, activeValues } from './picklist-values.ts';
