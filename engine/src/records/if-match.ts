import { AppError } from '../kernel/index.ts';

/** `If-Match: 3` or `"3"` or `W/"3"` → 3; absent → undefined. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!match) throw new AppError('invalid_if_match', 'If-Match must carry the record version you read, such as "3"');
  return Number(match[1]);
}

export function assertVersion(expected: number | undefined, actual: unknown): void {
  if (expected !== undefined && expected !== actual) {
    throw new AppError('version_conflict', `The record is at version ${String(actual)}, not ${expected}; reload it and try again`, { extra: { current_version: actual } });
  }
}
