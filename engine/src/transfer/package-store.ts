import { qualify, type Knex } from '../db/index.ts';
import type { LocalizedText, ObjectDef } from '../metadata/index.ts';
import type { PackageRole } from './package-roles.ts';

/** The package's own metadata as it was installed: the base the next upgrade diffs against. */
export interface PackageSnapshot {
  objects: ObjectDef[];
  roles: PackageRole[];
}

/** Which package version brought each object, field and role, and which version last changed it. */
export interface Provenance {
  objects: Record<string, { installed: string; updated?: string; fields: Record<string, { installed: string; updated?: string }> }>;
  roles: Record<string, { installed: string; updated?: string }>;
}

export interface InstalledPackage {
  name: string;
  version: string;
  label: LocalizedText;
  description: string | LocalizedText | null;
  installed_at: string;
  updated_at: string;
  installed_by: string | null;
  snapshot: PackageSnapshot;
  provenance: Provenance;
  sample_data_installed_at: string | null;
}

const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : value === null ? null : String(value));

function shape(row: InstalledPackage): InstalledPackage {
  return { ...row, installed_at: iso(row.installed_at) as string, updated_at: iso(row.updated_at) as string, sample_data_installed_at: iso(row.sample_data_installed_at) };
}

export async function listInstalledPackages(db: Knex | Knex.Transaction, schema: string): Promise<InstalledPackage[]> {
  const result = await db.raw<{ rows: InstalledPackage[] }>(`select * from ${qualify(schema, '_packages')} order by installed_at, name`);
  return result.rows.map(shape);
}

/** The package row, locked for the caller's transaction so two installs of one package take turns. */
export async function lockInstalledPackage(trx: Knex.Transaction, schema: string, name: string): Promise<InstalledPackage | undefined> {
  await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`tessera:package:${schema}:${name}`]);
  const result = await trx.raw<{ rows: InstalledPackage[] }>(`select * from ${qualify(schema, '_packages')} where name = ?`, [name]);
  const row = result.rows[0];
  return row ? shape(row) : undefined;
}

export interface PackageRowInput {
  name: string;
  version: string;
  label: LocalizedText;
  description: string | LocalizedText | null;
  installedBy: string;
  snapshot: PackageSnapshot;
  provenance: Provenance;
  sampleDataInstalled: boolean;
}

export async function savePackageRow(trx: Knex.Transaction, schema: string, row: PackageRowInput): Promise<void> {
  await trx.raw(
    `insert into ${qualify(schema, '_packages')} as p (name, version, label, description, installed_by, snapshot, provenance, sample_data_installed_at)
     values (?, ?, ?::jsonb, ?::jsonb, ?, ?::jsonb, ?::jsonb, case when ? then now() end)
     on conflict (name) do update set version = excluded.version, label = excluded.label, description = excluded.description,
       snapshot = excluded.snapshot, provenance = excluded.provenance, updated_at = now(),
       sample_data_installed_at = coalesce(p.sample_data_installed_at, excluded.sample_data_installed_at)`,
    [
      row.name,
      row.version,
      JSON.stringify(row.label),
      row.description === null ? null : JSON.stringify(row.description),
      row.installedBy,
      JSON.stringify(row.snapshot),
      JSON.stringify(row.provenance),
      row.sampleDataInstalled,
    ],
  );
}
