/**
 * Integers from validated settings (lengths, scales) appear in DDL, where PostgreSQL accepts no
 * bound parameters. They pass through here so nothing but a safe integer can ever be written.
 */
export function sqlInt(value: number): string {
  if (!Number.isSafeInteger(value)) throw new Error(`not a safe integer: ${value}`);
  return String(value);
}
