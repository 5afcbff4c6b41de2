/** Bounds every rule is held to when it is saved, checked or evaluated. */
export const MAX_RULE_DEPTH = 32;
export const MAX_RULE_BYTES = 64 * 1024;

/** Path segments that would reach prototypes or host objects; refused when checked, unreachable when run. */
export const FORBIDDEN_SEGMENTS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export function forbiddenSegment(path: string): string | undefined {
  return path.split('.').find((segment) => FORBIDDEN_SEGMENTS.has(segment));
}
