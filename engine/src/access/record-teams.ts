import type { FieldError } from '../kernel/index.ts';
import { qualify, query, type Knex } from '../db/index.ts';
import { recordTeamInputSchema } from '../contracts/index.ts';
import { checkInput, failIfAny } from './input.ts';
import { notActiveUsers } from './active-users.ts';

/** A member of a record's team: read or edit access to that one record, until `expires_at` if set. */
export interface RecordTeamMember {
  user_id: string;
  name: string;
  email: string;
  access: 'read' | 'edit';
  expires_at: string | null;
  added_by: string | null;
  created_at: string;
}

interface TeamInput {
  members: Array<{ user_id: string; access: 'read' | 'edit'; expires_at?: string | null }>;
}

const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : (value as string | null));

/** The team of one record, expired memberships included (they grant nothing), by name. */
export async function listRecordTeam(db: Knex | Knex.Transaction, schema: string, object: string, recordId: string): Promise<RecordTeamMember[]> {
  const rows = await query<Record<string, unknown>>(
    db,
    `select m.user_id, u.name, u.email, m.access, m.expires_at, m.added_by, m.created_at from ${qualify(schema, '_record_teams')} m
     join ${qualify(schema, '_users')} u on u.id = m.user_id where m.object = ? and m.record_id = ? order by lower(u.name), m.user_id`,
    [object, recordId],
  );
  return rows.map((r) => ({ ...r, expires_at: iso(r.expires_at), created_at: iso(r.created_at) }) as RecordTeamMember);
}

/**
 * Replaces a record's team with the members given ({members: [{user_id, access, expires_at?}]}), inside
 * the caller's transaction. Members must be active users, each named once; an end in the past is refused.
 */
export async function replaceRecordTeam(trx: Knex.Transaction, schema: string, object: string, recordId: string, body: unknown, actorId: string): Promise<RecordTeamMember[]> {
  const input = checkInput<TeamInput>(recordTeamInputSchema, body, 'record team');
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  const inactive = await notActiveUsers(trx, schema, input.members.map((m) => m.user_id));
  input.members.forEach((member, index) => {
    const id = member.user_id.toLowerCase();
    if (seen.has(id)) errors.push({ field: `members.${index}.user_id`, message: 'names a user already on the team' });
    seen.add(id);
    if (inactive.has(member.user_id)) errors.push({ field: `members.${index}.user_id`, message: 'is not an active user' });
    if (member.expires_at && Date.parse(member.expires_at) <= Date.now()) errors.push({ field: `members.${index}.expires_at`, message: 'is in the past' });
  });
  failIfAny(errors, 'record team');
  const table = qualify(schema, '_record_teams');
  await trx.raw(`delete from ${table} where object = ? and record_id = ?`, [object, recordId]);
  if (input.members.length) {
    await query(
      trx,
      `insert into ${table} (object, record_id, user_id, access, expires_at, added_by)
       select ?, ?, m.user_id, m.access, m.expires_at, ? from unnest(?::uuid[], ?::text[], ?::timestamptz[]) as m(user_id, access, expires_at)`,
      [object, recordId, actorId, input.members.map((m) => m.user_id.toLowerCase()), input.members.map((m) => m.access), input.members.map((m) => m.expires_at ?? null)],
    );
  }
  return listRecordTeam(trx, schema, object, recordId);
}

