import { AppError, newId, type TenantRef } from '../kernel/index.ts';
import { notify, qualify, translatePgError, type Knex } from '../db/index.ts';
import {
  bumpVersion,
  changeTarget,
  getChange,
  loadMetadata,
  lockMetadata,
  recordChange,
  revertDefinition,
  writeObject,
  type MetadataChange,
} from '../metadata/index.ts';
import type { FieldTypeRegistry } from '../field-types/index.ts';
import type { OperatorRegistry } from '../logic/index.ts';
import { planChange, type MigrationPlan } from './plan.ts';
import { runOperation } from './operations.ts';
import { assertApplicable, isApplicable, runChecks, type CheckResult } from './run-checks.ts';

export type { CheckResult } from './run-checks.ts';

/** The channel on which every instance hears of committed metadata versions (`<slug>:<version>`). */
export const METADATA_CHANNEL = 'tessera_metadata';

export interface SchemaContext {
  knex: Knex;
  registry: FieldTypeRegistry;
  /** The engine's rule operators (plugins' included): rules in the metadata are checked against them. */
  operators: OperatorRegistry;
}

export interface PlanReport {
  plan: MigrationPlan;
  checks: CheckResult[];
  /** False when a blocking check found rows: applying would be refused. */
  applicable: boolean;
}

export interface AppliedChange extends PlanReport {
  id: string;
  version: number;
}

function report(plan: MigrationPlan, checks: CheckResult[]): PlanReport {
  return { plan, checks, applicable: isApplicable(checks) };
}

/** The plan of a change and what its checks find in the data — nothing is applied (POST /api/meta/plan). */
export async function previewChange(ctx: SchemaContext, tenant: TenantRef, change: MetadataChange): Promise<PlanReport> {
  const metadata = await loadMetadata(ctx.knex, tenant.schema);
  const plan = planChange(tenant.schema, metadata, change, ctx.registry, ctx.operators);
  return report(plan, await runChecks(ctx.knex, plan.checks));
}

/**
 * Applies a change: under the tenant's metadata lock, plan it against the current metadata, run its
 * checks, execute its DDL, write the metadata rows, record the change, bump the version and NOTIFY —
 * all in one transaction, so a failure anywhere leaves metadata and tables as they were.
 */
export async function applyChange(ctx: SchemaContext, tenant: TenantRef, change: MetadataChange, actorId: string | null): Promise<AppliedChange> {
  try {
    return await ctx.knex.transaction(async (trx) => {
      await trx.raw("set local lock_timeout = '10s'");
      const metadata = await lockMetadata(trx, tenant.schema);
      const plan = planChange(tenant.schema, metadata, change, ctx.registry, ctx.operators);
      const checks = await runChecks(trx, plan.checks);
      const result = report(plan, checks);
      assertApplicable(checks);
      for (const operation of plan.operations) await runOperation(trx, operation);
      await writeObject(trx, tenant.schema, plan.after);
      const version = await bumpVersion(trx, tenant.schema);
      const id = newId();
      const target = changeTarget(change);
      await recordChange(trx, tenant.schema, {
        id,
        version,
        actor_id: actorId,
        kind: change.kind === 'replace_object' && change.reverts ? 'revert' : change.kind,
        object: target.object,
        field: target.field ?? null,
        before: plan.before,
        after: plan.after,
        statements: plan.operations.map((o) => o.sql),
        reverts: change.kind === 'replace_object' ? (change.reverts ?? null) : null,
      });
      await notify(trx, METADATA_CHANNEL, `${tenant.slug}:${version}`);
      return { ...result, id, version };
    });
  } catch (err) {
    throw translatePgError(err);
  }
}

/** Undoes a recorded change by returning its object to the definition before it, archiving instead of removing. */
export async function revertChange(ctx: SchemaContext, tenant: TenantRef, changeId: string, actorId: string | null): Promise<AppliedChange> {
  const recorded = await getChange(ctx.knex, tenant.schema, changeId);
  if (!recorded) throw new AppError('change_not_found', `There is no metadata change ${changeId}`);
  const metadata = await loadMetadata(ctx.knex, tenant.schema);
  const current = metadata.objects.find((o) => o.api_name === recorded.object);
  if (!current) throw new AppError('change_not_revertible', 'The object of this change no longer exists');
  const later = await ctx.knex.raw<{ rows: Array<{ n: number }> }>(
    `select count(*)::int as n from ${qualify(tenant.schema, '_meta_changes')} where object = ? and version > ?`,
    [recorded.object, recorded.version],
  );
  if ((later.rows[0]?.n ?? 0) > 0) {
    throw new AppError('change_not_revertible', `"${recorded.object}" was changed again after this change; revert the later changes first`);
  }
  const change: MetadataChange = { kind: 'replace_object', object: recorded.object, definition: revertDefinition(recorded.before, current), reverts: recorded.id };
  return applyChange(ctx, tenant, change, actorId);
}
