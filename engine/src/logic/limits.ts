/** Bounds every rule is held to when it is saved, checked or evaluated. */
export const MAX_RULE_DEPTH = 32;
export const MAX_RULE_BYTES = 64 * 1024;
/**
 * Operations in one rule, and arguments to one operation (a literal list counts as one argument):
 * far beyond what people write, and well inside what PostgreSQL's parser takes in one expression
 * (about 5,000 operands of one `+` exhaust it).
 */
export const MAX_RULE_OPERATIONS = 1000;
export const MAX_OPERATION_ARGUMENTS = 256;

/** Path segments that would reach prototypes or host objects; refused when checked, unreachable when run. */
export const FORBIDDEN_SEGMENTS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export function forbiddenSegment(path: string): string | undefined {
  return path.split('.').find((segment) => FORBIDDEN_SEGMENTS.has(segment));
}
