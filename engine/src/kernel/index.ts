export { ERROR_CATALOGUE, AppError, isAppError } from './errors.ts';
export type { ErrorCode, FieldError, ProblemDetails } from './errors.ts';
export { newId, isUuid } from './ids.ts';
export { loadConfig } from './config.ts';
export type { EngineConfig } from './config.ts';
export { silentLogger, consoleLogger } from './logger.ts';
export type { Logger } from './logger.ts';
export type { JsonPrimitive, JsonValue, JsonObject, JsonSchema, Actor, TenantRef } from './types.ts';
export { jsonDepthExceeds } from './json-depth.ts';
