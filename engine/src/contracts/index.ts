export { buildRecordSchemas, systemFieldSchemas } from './record-schemas.ts';
export type { RecordSchemas } from './record-schemas.ts';
export { compileModel } from './compiled-model.ts';
export type { CompiledField, CompiledModel, CompiledObject, PayloadCheck } from './compiled-model.ts';
export { buildOpenApi, problemSchema } from './openapi.ts';
export { openApiFor } from './openapi-view.ts';
export type { ObjectView } from './openapi-view.ts';
