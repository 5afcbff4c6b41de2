export { parseSort, sortSignature } from './sort.ts';
export type { SortKey } from './sort.ts';
export { encodeCursor, decodeCursor } from './cursor.ts';
export { compileFilter } from './filter.ts';
export type { SqlFragment } from './filter.ts';
export { planList, assertFieldNames, DEFAULT_LIMIT, MAX_LIMIT } from './list-query.ts';
export type { ListParams, ListPlan } from './list-query.ts';
