import { AppError, isAppError, newId, type ErrorCode, type FieldError, type TenantRef } from '../kernel/index.ts';
import { notify, translatePgError, type Knex } from '../db/index.ts';
import { bumpVersion, lockMetadata, recordChange, sameDefinition, writeObject, type ObjectDef, type TenantMetadata } from '../metadata/index.ts';
import type { FieldTypeRegistry } from '../field-types/index.ts';
import type { OperatorRegistry } from '../logic/index.ts';
import { diffMetadata, type PlanCheck } from './diff.ts';
import { describeOperation, runOperation, toSql, type Operation } from './operations.ts';
import { rollupRecomputes } from './rollup-plan.ts';
import { orderOperations } from './plan.ts';
import { validateObject } from './validate-object.ts';
import { assertApplicable, runChecks, type CheckResult } from './run-checks.ts';
import { METADATA_CHANNEL, type SchemaContext } from './runner.ts';

/** One object a multi-object change creates (before: null) or changes. */
export interface ObjectChange {
  object: string;
  before: ObjectDef | null;
  after: ObjectDef;
}

export type PlannedOperation = Operation & { description: string; sql: string };

/** A change to many objects at once (a package install): every object, every operation, in one plan. */
export interface MetadataPlan {
  changes: ObjectChange[];
  /** Across all objects: tables first, then columns, conversions and constraints (foreign keys last). */
  operations: PlannedOperation[];
  checks: PlanCheck[];
}

export interface AppliedMetadata {
  previousVersion: number;
  /** The new version; the previous one when nothing changed (no bump, no NOTIFY). */
  version: number;
  changes: Array<ObjectChange & { id: string }>;
  operations: PlannedOperation[];
  checks: CheckResult[];
}

function prefixed(err: unknown, prefix: string): { code: ErrorCode; errors: FieldError[] } {
  if (!isAppError(err)) throw err;
  const errors = err.errors?.length ? err.errors : [{ field: '', message: err.message }];
  return { code: err.code, errors: errors.map((e) => ({ ...e, field: [prefix, e.field].filter(Boolean).join('.') })) };
}

/**
 * Pure: the tenant's objects now and the whole set they should become → one plan. Every changed object
 * is validated against the *next* metadata, so objects that point at each other (lookup cycles) are
 * checked together. Objects are never removed (archive them instead). Errors name `objects.<api_name>…`.
 */
export function planMetadata(schema: string, current: TenantMetadata, next: ObjectDef[], registry: FieldTypeRegistry, operators: OperatorRegistry): MetadataPlan {
  const nextMetadata: TenantMetadata = { version: current.version, objects: next };
  const byName = new Map(current.objects.map((o) => [o.api_name, o]));
  const errors: FieldError[] = [];
  let code: ErrorCode | undefined;
  const seen = new Set<string>();
  for (const object of next) {
    if (seen.has(object.api_name)) errors.push({ field: `objects.${object.api_name}`, message: 'is defined twice', code: 'duplicate_name' });
    seen.add(object.api_name);
  }
  for (const object of current.objects) {
    if (!seen.has(object.api_name)) errors.push({ field: `objects.${object.api_name}`, message: 'objects are archived, never removed', code: 'invalid_metadata' });
  }
  const changes: ObjectChange[] = [];
  for (const after of next) {
    const before = byName.get(after.api_name) ?? null;
    if (before && sameDefinition(before, after)) continue;
    try {
      validateObject(after, nextMetadata, registry, operators);
      changes.push({ object: after.api_name, before, after });
    } catch (err) {
      const problem = prefixed(err, `objects.${String(after.api_name)}`);
      code ??= problem.code;
      errors.push(...problem.errors);
    }
  }
  if (errors.length > 0) throw new AppError(code ?? 'invalid_metadata', `The metadata has ${errors.length} problem(s): ${errors[0]?.field} ${errors[0]?.message}`, { errors });
  const diff = diffMetadata(schema, current, nextMetadata, registry);
  diff.operations.push(...rollupRecomputes(schema, current, nextMetadata, registry, operators));
  return {
    changes,
    operations: orderOperations(diff.operations).map((operation) => ({ ...operation, description: describeOperation(operation), sql: toSql(operation, schema) })),
    checks: diff.checks,
  };
}

/**
 * Applies a multi-object change inside the caller's transaction: under the tenant's metadata lock,
 * `build` turns the current metadata into the next set of objects; the plan's checks run, its DDL
 * executes, the changed definitions are written, one change record per object is kept, the version is
 * bumped once and NOTIFY sent. When nothing differs nothing is written and the version stays.
 */
export async function applyMetadataIn(
  trx: Knex.Transaction,
  ctx: Omit<SchemaContext, 'knex'>,
  tenant: TenantRef,
  build: (current: TenantMetadata) => ObjectDef[],
  actorId: string | null,
): Promise<AppliedMetadata> {
  const current = await lockMetadata(trx, tenant.schema);
  const plan = planMetadata(tenant.schema, current, build(current), ctx.registry, ctx.operators);
  if (plan.changes.length === 0) return { previousVersion: current.version, version: current.version, changes: [], operations: [], checks: [] };
  const checks = await runChecks(trx, plan.checks);
  assertApplicable(checks);
  for (const operation of plan.operations) await runOperation(trx, operation);
  for (const change of plan.changes) await writeObject(trx, tenant.schema, change.after);
  const version = await bumpVersion(trx, tenant.schema);
  const changes: AppliedMetadata['changes'] = [];
  for (const change of plan.changes) {
    const id = newId();
    await recordChange(trx, tenant.schema, {
      id,
      version,
      actor_id: actorId,
      kind: change.before ? 'replace_object' : 'create_object',
      object: change.object,
      field: null,
      before: change.before,
      after: change.after,
      statements: plan.operations.filter((o) => o.table === change.object).map((o) => o.sql),
      reverts: null,
    });
    changes.push({ ...change, id });
  }
  await notify(trx, METADATA_CHANNEL, `${tenant.slug}:${version}`);
  return { previousVersion: current.version, version, changes, operations: plan.operations, checks };
}

/** `applyMetadataIn` in a transaction of its own: a failure anywhere leaves metadata and tables as they were. */
export async function applyMetadata(ctx: SchemaContext, tenant: TenantRef, build: (current: TenantMetadata) => ObjectDef[], actorId: string | null): Promise<AppliedMetadata> {
  try {
    return await ctx.knex.transaction(async (trx) => {
      await trx.raw("set local lock_timeout = '10s'");
      return applyMetadataIn(trx, ctx, tenant, build, actorId);
    });
  } catch (err) {
    throw translatePgError(err);
  }
}
