import { AppError, type FieldError } from '../kernel/index.ts';
import { qualify, query, type Knex } from '../db/index.ts';
import { notActiveUsers, type RecordAccess } from '../access/index.ts';
import type { CompiledObject } from '../contracts/index.ts';
import { accessTo } from './record-access.ts';
import type { RecordContext } from './record-context.ts';

/** System fields a payload may carry (the rest are read-only and refused by the record schema). */
const SETTABLE_SYSTEM = new Set(['owner_id']);

/**
 * 403 naming every field of the payload the actor may not set (fields they cannot read included).
 * Names that are not fields of the object, generated and computed (formula) fields and read-only system fields are left to the
 * record schema, which refuses them for everyone (422).
 */
export function assertSettable(access: RecordAccess, object: CompiledObject, input: unknown): void {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return;
  const settable = (name: string) => {
    const type = object.byName.get(name)?.type;
    return SETTABLE_SYSTEM.has(name) || (type !== undefined && !type.generated && !type.computed);
  };
  const refused = Object.keys(input).filter((name) => settable(name) && !access.fields.editable.has(name));
  if (refused.length) {
    throw new AppError('forbidden', `You may not set ${refused.map((f) => `"${f}"`).join(', ')} of "${object.def.api_name}"`, {
      errors: refused.map((field) => ({ field, message: 'is not a field you may edit' })),
    });
  }
}

/**
 * A lookup may only point at a record the actor can see: the same row filter as a list of the target.
 * An id that does not exist and one the actor cannot see get the same answer. Administrators see every
 * record, so for them only the database's foreign key speaks.
 */
async function lookupErrors(ctx: RecordContext, db: Knex | Knex.Transaction, object: CompiledObject, values: Record<string, unknown>): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  const accesses = new Map<string, RecordAccess>();
  for (const field of object.fields) {
    const value = values[field.def.api_name];
    if (field.def.type !== 'lookup' || typeof value !== 'string' || !field.def.target) continue;
    const target = ctx.model.objects.get(field.def.target);
    if (!target) continue;
    const access = accesses.get(target.def.api_name) ?? (await accessTo(ctx, target, db));
    accesses.set(target.def.api_name, access);
    if (access.admin) continue;
    let visible = false;
    if (access.permissions.canRead) {
      const filter = access.readFilter;
      const rows = await query(
        db,
        `select 1 from ${qualify(ctx.model.tenant.schema, target.def.api_name)} where id = ? and deleted_at is null${filter ? ` and (${filter.sql})` : ''}`,
        [value.toLowerCase(), ...(filter?.bindings ?? [])],
      );
      visible = rows.length > 0;
    }
    if (!visible) errors.push({ field: field.def.api_name, message: `is not a ${target.def.api_name} you can see`, code: 'lookup_not_visible' });
  }
  return errors;
}

/** A record's owner is an active user; only an administrator may leave a record without one. */
export async function ownerErrors(ctx: RecordContext, db: Knex | Knex.Transaction, access: RecordAccess, owner: unknown): Promise<FieldError[]> {
  if (owner === undefined) return [];
  if (owner === null) return access.admin ? [] : [{ field: 'owner_id', message: 'a record must have an owner', code: 'required' }];
  if (typeof owner !== 'string' || (await notActiveUsers(db, ctx.model.tenant.schema, [owner])).size) return [{ field: 'owner_id', message: 'is not an active user', code: 'inactive_owner' }];
  return [];
}

/** 422 when the payload's lookups point at records the actor cannot see, or its owner is not an active user. */
export async function assertReferences(ctx: RecordContext, db: Knex | Knex.Transaction, object: CompiledObject, access: RecordAccess, values: Record<string, unknown>): Promise<void> {
  const errors = [...(await lookupErrors(ctx, db, object, values)), ...(await ownerErrors(ctx, db, access, values.owner_id))];
  if (errors.length) throw new AppError('validation_failed', `The ${object.def.api_name} is not valid`, { errors });
}
