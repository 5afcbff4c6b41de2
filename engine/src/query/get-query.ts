import { AppError, isUuid } from '../kernel/index.ts';
import { qualify, quoteIdent } from '../db/index.ts';
import type { RecordAccess } from '../access/index.ts';
import type { SqlFragment } from './filter.ts';
import { assertCanRead } from './field-guard.ts';

/** The column planGet adds: may the actor edit (delete, transfer) the row it found? */
export const CAN_EDIT = '__can_edit';

export interface GetOptions {
  /** Lock the row for an update in the caller's transaction. */
  lock?: boolean;
  /** Look in the recycle bin instead of among live records (restore). */
  binned?: boolean;
  /** What to read from instead of the bare table: `recordSource` (formula-source.ts), so formulas come too. */
  source?: SqlFragment;
}

/**
 * One record by id, only if the actor may read it (a record they cannot see is as absent as one that
 * does not exist), with a `__can_edit` column saying whether their edit scope covers it too.
 */
export function planGet(schema: string, object: string, id: string, access: RecordAccess, options: GetOptions = {}): SqlFragment {
  assertCanRead(access);
  if (!isUuid(id)) throw new AppError('record_not_found', `There is no ${object} with this id`);
  const where = [`${quoteIdent('id')} = ?`, `${quoteIdent('deleted_at')} is ${options.binned ? 'not ' : ''}null`];
  const bindings: unknown[] = [];
  const edit = access.editFilter;
  const canEdit = edit ? `(${edit.sql})` : 'true';
  bindings.push(...(edit?.bindings ?? []), ...(options.source?.bindings ?? []), id);
  if (access.readFilter) {
    where.push(`(${access.readFilter.sql})`);
    bindings.push(...access.readFilter.bindings);
  }
  return {
    sql: `select *, ${canEdit} as ${quoteIdent(CAN_EDIT)} from ${options.source?.sql ?? qualify(schema, object)} where ${where.join(' and ')}${options.lock ? ' for update' : ''}`,
    bindings,
  };
}
