import { qualify, type Knex } from '../db/index.ts';

/**
 * Failed logins counted per IP address and email, in the tenant's own `_login_throttle` table, so every
 * engine instance sees the same count. After `maxFailures` consecutive failures the pair is locked for
 * `lockoutSeconds`; failures older than that are forgotten; a success clears the count.
 */
export interface ThrottlePolicy {
  maxFailures: number;
  lockoutSeconds: number;
}

const key = (email: string) => email.trim().toLowerCase();

/** Seconds until the pair may try again, or 0 when it is not locked. */
export async function lockedFor(db: Knex, schema: string, ip: string, email: string): Promise<number> {
  const row = (
    await db.raw<{ rows: Array<{ seconds: number }> }>(
      `select ceil(extract(epoch from locked_until - now()))::int as seconds from ${qualify(schema, '_login_throttle')} where ip = ? and email = ? and locked_until > now()`,
      [ip, key(email)],
    )
  ).rows[0];
  return row ? Math.max(1, row.seconds) : 0;
}

/** Counts one failure; returns the seconds of lockout it started (0 if none). */
export async function recordFailure(db: Knex, schema: string, ip: string, email: string, policy: ThrottlePolicy): Promise<number> {
  const table = qualify(schema, '_login_throttle');
  const row = (
    await db.raw<{ rows: Array<{ failures: number }> }>(
      `insert into ${table} as t (ip, email, failures, last_failure_at) values (?, ?, 1, now())
       on conflict (ip, email) do update set
         failures = case when t.locked_until is not null or t.last_failure_at < now() - make_interval(secs => ?) then 1 else t.failures + 1 end,
         last_failure_at = now(),
         locked_until = null
       returning failures`,
      [ip, key(email), policy.lockoutSeconds],
    )
  ).rows[0];
  if (!row || row.failures < policy.maxFailures) return 0;
  await db.raw(`update ${table} set locked_until = now() + make_interval(secs => ?) where ip = ? and email = ?`, [policy.lockoutSeconds, ip, key(email)]);
  return policy.lockoutSeconds;
}

export async function clearFailures(db: Knex, schema: string, ip: string | undefined, email: string): Promise<void> {
  if (ip === undefined) await db.raw(`delete from ${qualify(schema, '_login_throttle')} where email = ?`, [key(email)]);
  else await db.raw(`delete from ${qualify(schema, '_login_throttle')} where ip = ? and email = ?`, [ip, key(email)]);
}
