import crypto from 'node:crypto';

/** Tenant slugs as the directory allows them; a token names its tenant so it is resolved only there. */
const SLUG = /^[a-z][a-z0-9-]{1,39}$/;
const SECRET = /^[A-Za-z0-9_-]{20,100}$/;

/** A fresh random secret: 32 bytes, base64url. */
export function randomSecret(): string {
  return crypto.randomBytes(32).toString('base64url');
}

/** Secrets are stored only as their SHA-256: a stolen table holds no usable credential. */
export function sha256(text: string): string {
  return crypto.createHash('sha256').update(text).digest('hex');
}

/** Compares two hex digests in constant time. */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && left.length > 0 && crypto.timingSafeEqual(left, right);
}

/**
 * Credentials are `<prefix>.<tenant slug>.<secret>`: `tss` sessions, `tsk` API keys, `tsr` password
 * resets. The slug only says where to look; the secret's hash must exist in that tenant's own table.
 */
export function formatToken(prefix: string, slug: string, secret: string): string {
  return `${prefix}.${slug}.${secret}`;
}

export function parseToken(token: string, prefix: string): { slug: string; secret: string } | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== prefix || !SLUG.test(parts[1] ?? '') || !SECRET.test(parts[2] ?? '')) return undefined;
  return { slug: parts[1] as string, secret: parts[2] as string };
}
