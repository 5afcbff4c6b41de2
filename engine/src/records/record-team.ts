import { listRecordTeam, replaceRecordTeam, type RecordTeamMember } from '../access/index.ts';
import { loadVisibleRow } from './get-record.ts';
import { requireCompiledObject, type RecordContext } from './record-context.ts';
import { accessTo, requireEditable, requireRight } from './record-access.ts';

/** GET /api/records/:object/:id/team: the members of a record's team, for anyone who can see the record. */
export async function getRecordTeam(ctx: RecordContext, objectName: string, id: string): Promise<{ items: RecordTeamMember[] }> {
  const object = requireCompiledObject(ctx.model, objectName);
  const access = await accessTo(ctx, object);
  const row = await loadVisibleRow(ctx.knex, ctx, object, id, access);
  return { items: await listRecordTeam(ctx.knex, ctx.model.tenant.schema, objectName, row.id as string) };
}

/**
 * PUT /api/records/:object/:id/team {members: [{user_id, access, expires_at?}]}: replaces the team. Who
 * may edit the record may share it: the edit right (403), a record they can see (404) inside their edit
 * scope (403). A member never gets more than their own object rights allow.
 */
export async function putRecordTeam(ctx: RecordContext, objectName: string, id: string, body: unknown): Promise<{ items: RecordTeamMember[] }> {
  const object = requireCompiledObject(ctx.model, objectName);
  const access = await accessTo(ctx, object);
  requireRight(access, 'canEdit');
  return ctx.knex.transaction(async (trx) => {
    const row = await loadVisibleRow(trx, ctx, object, id, access, { lock: true });
    requireEditable(row, access, 'share');
    return { items: await replaceRecordTeam(trx, ctx.model.tenant.schema, objectName, row.id as string, body, ctx.actor.userId) };
  });
}
