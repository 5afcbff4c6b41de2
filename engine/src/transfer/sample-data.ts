import type { Actor, JsonValue, TenantRef } from '../kernel/index.ts';
import type { Knex } from '../db/index.ts';
import { loadMetadata, type ObjectDef } from '../metadata/index.ts';
import type { FieldTypeRegistry } from '../field-types/index.ts';
import type { OperatorRegistry } from '../logic/index.ts';
import { compileModel } from '../contracts/index.ts';
import { createDepartment, createUserByAdmin, type AdminContext } from '../access/index.ts';
import { createRecord, updateRecord, type RecordContext } from '../records/index.ts';
import { DEPARTMENTS, USERS } from './package-schemas.ts';
import { invalidPackage, rethrowIn, at } from './package-errors.ts';
import { checkSampleData, resolveRecord } from './sample-values.ts';
import type { PackageSource } from './read-package.ts';

export interface SampleDataContext {
  trx: Knex.Transaction;
  registry: FieldTypeRegistry;
  operators: OperatorRegistry;
  tenant: TenantRef;
  /** An admin: sample records are created by, and by default owned by, them. */
  actor: Actor;
  admin: AdminContext;
  /** The reference date (YYYY-MM-DD) relative dates count from: the install date. */
  today: string;
}

export interface SampleDataReport {
  /** Records created per object (`_departments`, `_users` included). */
  records: Record<string, number>;
  /** Lookups set after their target was created (cycles such as customer ↔ primary contact). */
  deferred: number;
  ms: number;
}

type SampleFile = PackageSource['sampleData'][number];

/**
 * Objects in an order where each one's lookup targets come first: all lookups when they allow it, and
 * required ones always (a cycle of optional lookups is broken there and filled in afterwards).
 */
export function orderObjects(names: string[], objects: Map<string, ObjectDef>): string[] {
  const deps = (name: string, requiredOnly: boolean) =>
    (objects.get(name)?.fields ?? [])
      .filter((f) => f.type === 'lookup' && !f.archived && f.target !== name && names.includes(f.target ?? '') && (!requiredOnly || f.required))
      .map((f) => f.target as string);
  const order: string[] = [];
  const remaining = [...names];
  while (remaining.length > 0) {
    const ready = (requiredOnly: boolean) => remaining.find((n) => deps(n, requiredOnly).every((d) => !remaining.includes(d)));
    const next = ready(false) ?? ready(true);
    if (!next) throw invalidPackage([{ field: 'sample-data', message: `required lookups form a cycle between ${remaining.join(', ')}: no order can create them`, code: 'lookup_cycle' }]);
    order.push(next);
    remaining.splice(remaining.indexOf(next), 1);
  }
  return order;
}

/**
 * Creates a package's sample data through the same pipelines as an admin: departments and users through
 * the admin functions, records through the save pipeline, in dependency order, inside the caller's
 * transaction. `$ref`s to records not yet created are set by an update once they exist.
 */
export async function installSampleData(ctx: SampleDataContext, files: SampleFile[]): Promise<SampleDataReport> {
  const started = performance.now();
  const schema = ctx.tenant.schema;
  const metadata = await loadMetadata(ctx.trx, schema);
  const objects = new Map(metadata.objects.filter((o) => !o.archived).map((o) => [o.api_name, o]));
  const { errors } = checkSampleData(files, objects);
  if (errors.length > 0) throw invalidPackage(errors);

  const ids = new Map<string, string>();
  const counts: Record<string, number> = {};
  const byObject = (name: string) => files.filter((f) => f.object === name);
  const recordNames = [...new Set(files.map((f) => f.object))].filter((n) => n !== DEPARTMENTS && n !== USERS);
  const sequence = [DEPARTMENTS, USERS, ...orderObjects(recordNames, objects)];

  const model = compileModel(ctx.tenant, metadata, ctx.registry, ctx.operators);
  const records: RecordContext = { knex: ctx.trx, model, actor: ctx.actor };
  const later: Array<{ file: string; index: number; object: string; id: string; refs: Record<string, string> }> = [];

  for (const name of sequence) {
    for (const { file, records: list } of byObject(name)) {
      for (const [index, record] of list.entries()) {
        const { values, deferred } = resolveRecord(record as Record<string, JsonValue>, ids, ctx.today);
        let id: string;
        try {
          if (name === DEPARTMENTS || name === USERS) {
            const missing = Object.keys(deferred)[0];
            if (missing) throw invalidPackage([{ field: at(file, `records.${index}.${missing}`), message: `"${deferred[missing]}" must come earlier in the file`, code: 'order' }]);
            id = (name === DEPARTMENTS ? await createDepartment(ctx.trx, schema, values, ctx.admin) : await createUserByAdmin(ctx.trx, schema, values, ctx.admin)).id;
          } else {
            id = (await createRecord(records, name, values)).id as string;
            if (Object.keys(deferred).length > 0) later.push({ file, index, object: name, id, refs: deferred });
          }
        } catch (err) {
          rethrowIn(err, file, `records.${index}`);
        }
        if (record.$key !== undefined) ids.set(record.$key, id);
        counts[name] = (counts[name] ?? 0) + 1;
      }
    }
  }
  for (const { file, index, object, id, refs } of later) {
    const patch = Object.fromEntries(Object.entries(refs).map(([field, key]) => [field, ids.get(key) ?? null]));
    try {
      await updateRecord(records, object, id, patch, undefined);
    } catch (err) {
      rethrowIn(err, file, `records.${index}`);
    }
  }
  return { records: counts, deferred: later.length, ms: Math.round(performance.now() - started) };
}
