import { AppError } from '../kernel/index.ts';
import { loadRecordAccess, withFormulaMask, type RecordAccess } from '../access/index.ts';
import type { CompiledObject } from '../contracts/index.ts';
import type { Knex } from '../db/index.ts';
import { CAN_EDIT } from '../query/index.ts';
import type { RecordContext } from './record-context.ts';

/**
 * The actor's access to an object, read once per operation (inside its transaction when given), with
 * formulas over fields they may not read hidden too (access/formula-mask.ts).
 */
export async function accessTo(ctx: RecordContext, object: CompiledObject, db: Knex | Knex.Transaction = ctx.knex): Promise<RecordAccess> {
  const access = await loadRecordAccess(db, ctx.model, ctx.actor, object.def, ctx.accessReuse);
  return withFormulaMask(access, object.def, ctx.model, (def) => loadRecordAccess(db, ctx.model, ctx.actor, def, ctx.accessReuse));
}

type Right = 'canCreate' | 'canEdit' | 'canDelete';
const VERB: Record<Right, string> = { canCreate: 'create', canEdit: 'edit', canDelete: 'delete' };

/** 403 unless the actor holds the object right (before any row is looked at, so nothing about rows leaks). */
export function requireRight(access: RecordAccess, right: Right): void {
  if (!access.permissions[right]) throw new AppError('forbidden', `You may not ${VERB[right]} records of "${access.object}"`);
}

/** 403 for a row the actor may see but whose edit scope does not cover it. */
export function requireEditable(row: Record<string, unknown>, access: RecordAccess, what = 'edit'): void {
  if (row[CAN_EDIT] !== true) throw new AppError('forbidden', `You may see this ${access.object} but not ${what} it`);
}
