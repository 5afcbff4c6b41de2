import fs from 'node:fs';
import path from 'node:path';
import { isAppError, type EngineConfig, type TenantRef } from '../kernel/index.ts';
import type { Knex } from '../db/index.ts';
import { createBuiltinRegistry } from '../field-types/index.ts';
import { createBuiltinOperators } from '../logic/index.ts';
import { installPackage, type InstallReport } from '../transfer/index.ts';

/** seed-apps/<name>, found by walking up from this file (the same from the sources and from a build). */
export function seedPackageDir(name: string, from = import.meta.dirname): string | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'seed-apps', name);
    if (fs.existsSync(path.join(candidate, 'manifest.json'))) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

export type SeedOutcome = { report: InstallReport } | { error: string } | undefined;

/**
 * First start: the default tenant gets the CRM package (TESSERA_SEED_CRM). A failure does not stop the
 * start — the first admin's password must still be printed — it is reported with the command to retry.
 */
export async function seedCrm(knex: Knex, config: EngineConfig, tenant: TenantRef, adminId: string): Promise<SeedOutcome> {
  if (config.seedCrm === 'off') return undefined;
  const dir = seedPackageDir('crm');
  if (!dir) return { error: 'seed-apps/crm was not found next to the engine' };
  try {
    return { report: await installPackage({ knex, registry: createBuiltinRegistry(), operators: createBuiltinOperators() }, dir, { tenant, actorId: adminId, sampleData: config.seedCrm === 'with_sample_data' }) };
  } catch (err) {
    const detail = isAppError(err) && err.errors?.length ? `${err.message} (${err.errors.slice(0, 3).map((e) => `${e.field}: ${e.message}`).join('; ')})` : err instanceof Error ? err.message : String(err);
    return { error: `${detail}. Retry with: tessera package install ${path.relative(process.cwd(), dir) || dir}` };
  }
}
