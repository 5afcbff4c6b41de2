import { AppError, isUuid, newId, type FieldError } from '../kernel/index.ts';
import { chainUp } from './chain-up.ts';
import { qualify, translatePgError, type Knex } from '../db/index.ts';
import { departmentCreateSchema, departmentPatchSchema } from './admin-schemas.ts';
import { checkInput, failIfAny } from './input.ts';
import { recordAudit } from './audit-log.ts';
import type { AdminContext } from './admin-context.ts';

export interface Department {
  id: string;
  name: string;
  parent_id: string | null;
  user_count: number;
  child_count: number;
  created_at: Date;
  updated_at: Date;
}

interface DepartmentInput {
  name?: string;
  parent_id?: string | null;
}

const select = (schema: string, where: string) =>
  `select d.id, d.name, d.parent_id, d.created_at, d.updated_at,
     (select count(*)::int from ${qualify(schema, '_users')} u where u.department_id = d.id) as user_count,
     (select count(*)::int from ${qualify(schema, '_departments')} c where c.parent_id = d.id) as child_count
   from ${qualify(schema, '_departments')} d ${where}`;

/** The whole tree as a flat list (each with its parent_id), by name. */
export async function listDepartments(db: Knex, schema: string): Promise<Department[]> {
  return (await db.raw<{ rows: Department[] }>(`${select(schema, '')} order by lower(d.name), d.id`)).rows;
}

export async function getDepartment(db: Knex, schema: string, id: string): Promise<Department> {
  const row = isUuid(id) ? (await db.raw<{ rows: Department[] }>(select(schema, 'where d.id = ?'), [id])).rows[0] : undefined;
  if (!row) throw new AppError('department_not_found');
  return row;
}

/** Tree changes in one tenant take turns, so two concurrent moves cannot build a cycle between them. */
async function lockTree(trx: Knex.Transaction, schema: string): Promise<void> {
  await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`tessera:departments:${schema}`]);
}

async function checkParent(trx: Knex, schema: string, parentId: string | null | undefined, selfId: string | undefined, errors: FieldError[]): Promise<void> {
  if (parentId === undefined || parentId === null) return;
  const chain = await chainUp(trx, schema, '_departments', 'parent_id', parentId);
  if (!chain.length) errors.push({ field: 'parent_id', message: 'is not a department' });
  else if (selfId && chain.includes(selfId)) errors.push({ field: 'parent_id', message: 'would put the department inside itself (a cycle)' });
}

function translate(err: unknown): unknown {
  const translated = translatePgError(err);
  if (translated instanceof AppError && translated.code === 'unique_violation') {
    return new AppError('duplicate_name', 'A department with this name already exists under the same parent', { errors: [{ field: 'name', message: 'is already used by a sibling department' }] });
  }
  return translated;
}

export async function createDepartment(db: Knex, schema: string, body: unknown, ctx: AdminContext): Promise<Department> {
  const input = checkInput<DepartmentInput>(departmentCreateSchema, body, 'department');
  return db.transaction(async (trx) => {
    await lockTree(trx, schema);
    const errors: FieldError[] = [];
    await checkParent(trx, schema, input.parent_id, undefined, errors);
    failIfAny(errors, 'department');
    const id = newId();
    try {
      await trx.raw(`insert into ${qualify(schema, '_departments')} (id, name, parent_id) values (?, ?, ?)`, [id, (input.name as string).trim(), input.parent_id ?? null]);
    } catch (err) {
      throw translate(err);
    }
    const created = await getDepartment(trx, schema, id);
    await recordAudit(trx, schema, { kind: 'department_created', actorId: ctx.actorId, origin: ctx.origin, targetId: id, after: created });
    return created;
  });
}

/** Renames and/or moves a department (its sub-departments move with it); a move into its own subtree is refused. */
export async function updateDepartment(db: Knex, schema: string, id: string, body: unknown, ctx: AdminContext): Promise<Department> {
  await getDepartment(db, schema, id);
  const input = checkInput<DepartmentInput>(departmentPatchSchema, body, 'department');
  return db.transaction(async (trx) => {
    await lockTree(trx, schema);
    const before = await getDepartment(trx, schema, id);
    const errors: FieldError[] = [];
    await checkParent(trx, schema, input.parent_id, id, errors);
    failIfAny(errors, 'department');
    try {
      await trx.raw(`update ${qualify(schema, '_departments')} set name = ?, parent_id = ?, updated_at = now() where id = ?`, [
        input.name === undefined ? before.name : input.name.trim(),
        input.parent_id === undefined ? before.parent_id : input.parent_id,
        id,
      ]);
    } catch (err) {
      throw translate(err);
    }
    const after = await getDepartment(trx, schema, id);
    await recordAudit(trx, schema, { kind: 'department_updated', actorId: ctx.actorId, origin: ctx.origin, targetId: id, before, after });
    return after;
  });
}

/** Deletes an empty department: one with users or sub-departments is refused (409). */
export async function deleteDepartment(db: Knex, schema: string, id: string, ctx: AdminContext): Promise<void> {
  await db.transaction(async (trx) => {
    await lockTree(trx, schema);
    // Users are assigned outside the tree lock: hold the row so an assignment waits for this delete.
    const before = await getDepartment(trx, schema, id);
    await trx.raw(`select 1 from ${qualify(schema, '_departments')} where id = ? for update`, [id]);
    const current = await getDepartment(trx, schema, id);
    if (current.user_count > 0 || current.child_count > 0) {
      throw new AppError('department_not_empty', `The department has ${current.user_count} user(s) and ${current.child_count} sub-department(s); move them first`, {
        extra: { user_count: current.user_count, child_count: current.child_count },
      });
    }
    await trx.raw(`delete from ${qualify(schema, '_departments')} where id = ?`, [id]);
    await recordAudit(trx, schema, { kind: 'department_deleted', actorId: ctx.actorId, origin: ctx.origin, targetId: id, before });
  });
}
