import type { JsonSchema } from '../kernel/index.ts';

/**
 * A record id. The pattern is what PostgreSQL's uuid type reads; `format: 'uuid'` alone would also
 * let through the 'urn:uuid:' prefix, which the column refuses.
 */
export const uuidSchema: JsonSchema = { type: 'string', format: 'uuid', pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' };

/** Ids are returned as PostgreSQL writes them (lower case), so one id has one spelling. */
export const lowerUuid = (value: unknown): string | null => (typeof value === 'string' ? value.toLowerCase() : null);
