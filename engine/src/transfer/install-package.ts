import { AppError, isAppError, type FieldError, type TenantRef } from '../kernel/index.ts';
import { translatePgError, type Knex } from '../db/index.ts';
import { sameDefinition, type LocalizedText } from '../metadata/index.ts';
import type { FieldTypeRegistry } from '../field-types/index.ts';
import type { OperatorRegistry } from '../logic/index.ts';
import { applyMetadataIn } from '../schema/index.ts';
import type { RequestOrigin } from '../access/index.ts';
import { readPackage, type PackageSource } from './read-package.ts';
import { invalidPackage, at } from './package-errors.ts';
import { compareVersions, satisfies } from './semver.ts';
import { mergeObjects, nextProvenance } from './merge-objects.ts';
import { installRoles, normalizeRole, type RolesReport } from './package-roles.ts';
import { installSampleData, type SampleDataReport } from './sample-data.ts';
import { listInstalledPackages, lockInstalledPackage, savePackageRow, type PackageSnapshot } from './package-store.ts';
import { packageActor } from './package-actor.ts';
import type { KeptCustomisation } from './three-way-merge.ts';

export interface InstallContext {
  knex: Knex;
  registry: FieldTypeRegistry;
  operators: OperatorRegistry;
}

export interface InstallOptions {
  tenant: TenantRef;
  /** An active administrator of the tenant: the install acts as them. */
  actorId: string;
  /** Install the package's sample data (default true); it is installed once per tenant. */
  sampleData?: boolean;
  origin?: RequestOrigin;
  /** The date (YYYY-MM-DD) sample dates are relative to; default: today in UTC. */
  today?: string;
}

export type SampleDataOutcome = (SampleDataReport & { installed: true }) | { installed: false; reason: 'not_requested' | 'already_installed' | 'none_in_package' };

export interface InstallReport {
  package: { name: string; version: string; label: LocalizedText };
  /** The version installed before, or null for a first install. */
  previousVersion: string | null;
  /** installed (first time), upgraded (newer version), updated (same version, something changed), unchanged. */
  outcome: 'installed' | 'upgraded' | 'updated' | 'unchanged';
  metadata: { previousVersion: number; version: number; created: string[]; changed: string[]; operations: Array<{ description: string; sql: string }> };
  roles: RolesReport;
  /** Properties the tenant had changed that the package changed too: the tenant's value stayed. */
  kept: KeptCustomisation[];
  sampleData: SampleDataOutcome;
  ms: number;
}

async function checkRequires(trx: Knex.Transaction, schema: string, requires: Record<string, string> | undefined): Promise<void> {
  if (!requires) return;
  const installed = new Map((await listInstalledPackages(trx, schema)).map((p) => [p.name, p.version]));
  const missing: FieldError[] = [];
  for (const [name, range] of Object.entries(requires)) {
    const version = installed.get(name);
    if (!version) missing.push({ field: at('manifest.json', `requires.${name}`), message: `needs the package "${name}" (${range}) installed first` });
    else if (!satisfies(version, range)) missing.push({ field: at('manifest.json', `requires.${name}`), message: `needs "${name}" ${range}, but ${version} is installed` });
  }
  if (missing.length) throw new AppError('package_version_conflict', missing.map((m) => m.message).join('; '), { errors: missing });
}

/** `objects.<api_name>.<path>` from the metadata pipeline → `objects/<file>#<path>`. */
function inObjectFiles(err: unknown, source: PackageSource): never {
  if (!isAppError(err) || err.status !== 422 || !err.errors?.length) throw err;
  const fileOf = new Map(source.objects.map((o) => [o.definition.api_name, o.file]));
  const errors = err.errors.map((e) => {
    const match = /^objects\.([a-z][a-z0-9_]*)(?:\.(.*))?$/.exec(e.field);
    const file = match ? fileOf.get(match[1] as string) : undefined;
    return { ...e, field: file ? at(file, match?.[2] ?? '') : e.field, code: e.code ?? err.code };
  });
  throw invalidPackage(errors, err);
}

/**
 * Installs or upgrades a package in one transaction, through the same pipelines an admin's edits take:
 * the objects as one multi-object metadata change (the package's own diff since the installed version,
 * merged onto the tenant's current metadata so customisations are kept), the roles through the role
 * admin functions, the sample data (once per tenant) through the save pipeline. A failure anywhere
 * leaves the tenant as it was. Installing what is installed already changes nothing.
 */
export async function installPackage(ctx: InstallContext, dir: string, options: InstallOptions): Promise<InstallReport> {
  const started = performance.now();
  const source = await readPackage(dir);
  const { manifest } = source;
  const schema = options.tenant.schema;
  const theirs = source.objects.map((o) => o.definition);
  const roles = source.roles.map((r) => ({ file: r.file, role: normalizeRole(r.input) }));
  try {
    return await ctx.knex.transaction(async (trx) => {
      await trx.raw("set local lock_timeout = '10s'");
      const installed = await lockInstalledPackage(trx, schema, manifest.name);
      if (installed && compareVersions(manifest.version, installed.version) < 0) {
        throw new AppError('package_version_conflict', `${manifest.name} ${installed.version} is installed; ${manifest.version} is older (packages are not downgraded)`, {
          errors: [{ field: at('manifest.json', 'version'), message: `is older than the installed ${installed.version}` }],
        });
      }
      await checkRequires(trx, schema, manifest.requires);
      const actor = await packageActor(trx, options.tenant, options.actorId);
      const admin = { actorId: actor.userId, origin: options.origin ?? { ip: 'local', userAgent: 'tessera package install' } };
      const base: PackageSnapshot = installed?.snapshot ?? { objects: [], roles: [] };
      const kept: KeptCustomisation[] = [];

      const applied = await applyMetadataIn(trx, ctx, options.tenant, (current) => mergeObjects(base.objects, theirs, current.objects, kept), actor.userId).catch((err: unknown) =>
        inObjectFiles(err, source),
      );
      const rolesReport = await installRoles(trx, schema, roles, base.roles, admin, kept);

      let sampleData: SampleDataOutcome;
      if (options.sampleData === false) sampleData = { installed: false, reason: 'not_requested' };
      else if (source.sampleData.length === 0) sampleData = { installed: false, reason: 'none_in_package' };
      else if (installed?.sample_data_installed_at) sampleData = { installed: false, reason: 'already_installed' };
      else {
        const today = options.today ?? new Date().toISOString().slice(0, 10);
        sampleData = { installed: true, ...(await installSampleData({ trx, registry: ctx.registry, operators: ctx.operators, tenant: options.tenant, actor, admin, today }, source.sampleData)) };
      }

      const snapshot: PackageSnapshot = { objects: theirs, roles: roles.map((r) => r.role) };
      const changedRoles = roles.filter((r) => !sameDefinition(base.roles.find((b) => b.api_name === r.role.api_name), r.role)).map((r) => r.role.api_name);
      const provenance = nextProvenance(installed?.provenance, base.objects, theirs, { base: base.roles.map((r) => r.api_name), changed: changedRoles, all: roles.map((r) => r.role.api_name) }, manifest.version);
      const somethingChanged =
        !installed || installed.version !== manifest.version || !sameDefinition(installed.snapshot, snapshot) || !sameDefinition(installed.provenance, provenance) || sampleData.installed;
      if (somethingChanged) {
        await savePackageRow(trx, schema, {
          name: manifest.name,
          version: manifest.version,
          label: manifest.label,
          description: manifest.description ?? null,
          installedBy: actor.userId,
          snapshot,
          provenance,
          sampleDataInstalled: sampleData.installed,
        });
      }
      const touched = applied.changes.length > 0 || rolesReport.created.length > 0 || rolesReport.updated.length > 0 || sampleData.installed;
      return {
        package: { name: manifest.name, version: manifest.version, label: manifest.label },
        previousVersion: installed?.version ?? null,
        outcome: !installed ? 'installed' : installed.version !== manifest.version ? 'upgraded' : touched || somethingChanged ? 'updated' : 'unchanged',
        metadata: {
          previousVersion: applied.previousVersion,
          version: applied.version,
          created: applied.changes.filter((c) => c.before === null).map((c) => c.object),
          changed: applied.changes.filter((c) => c.before !== null).map((c) => c.object),
          operations: applied.operations.map((o) => ({ description: o.description, sql: o.sql })),
        },
        roles: rolesReport,
        kept,
        sampleData,
        ms: Math.round(performance.now() - started),
      };
    });
  } catch (err) {
    throw translatePgError(err);
  }
}
