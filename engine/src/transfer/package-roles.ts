import type { JsonValue } from '../kernel/index.ts';
import type { Knex } from '../db/index.ts';
import { sameDefinition, type LocalizedText } from '../metadata/index.ts';
import { closeRights, createGrant, listGrants, updateGrant, type AdminContext, type ObjectRights } from '../access/index.ts';
import { mergeValue, type KeptCustomisation } from './three-way-merge.ts';
import { rethrowIn } from './package-errors.ts';

/** A role in the form the role store keeps it (rights closed, defaults filled), so versions compare as data. */
export interface PackageRole {
  api_name: string;
  label: LocalizedText;
  description: string | null;
  object_rights: Record<string, ObjectRights>;
  field_rights: Record<string, Record<string, string>>;
  data_scopes: Record<string, string>;
  default_scope: string;
}

type RoleInput = Record<string, JsonValue> & { api_name: string };

export function normalizeRole(input: RoleInput): PackageRole {
  const label = input.label;
  const rights = (input.object_rights ?? {}) as Record<string, Partial<ObjectRights>>;
  return {
    api_name: input.api_name,
    label: typeof label === 'string' ? { en: label } : ((label as LocalizedText | undefined) ?? { en: input.api_name }),
    description: typeof input.description === 'string' ? input.description : null,
    object_rights: Object.fromEntries(Object.entries(rights).map(([object, r]) => [object, closeRights(r)])),
    field_rights: (input.field_rights ?? {}) as PackageRole['field_rights'],
    data_scopes: (input.data_scopes ?? {}) as PackageRole['data_scopes'],
    default_scope: typeof input.default_scope === 'string' ? input.default_scope : 'self',
  };
}

const ROLE_PROPERTIES = ['label', 'description', 'object_rights', 'field_rights', 'data_scopes', 'default_scope'] as const;

export interface RolesReport {
  created: string[];
  updated: string[];
}

/**
 * Creates the package's roles the tenant lacks and applies the package's own changes (base → theirs) to
 * those it has, through the role admin functions (checked against the metadata, audited). A role the
 * tenant deleted after an earlier install stays deleted; a role the package dropped stays in the tenant.
 */
export async function installRoles(
  trx: Knex.Transaction,
  schema: string,
  roles: Array<{ file: string; role: PackageRole }>,
  base: PackageRole[],
  admin: AdminContext,
  kept: KeptCustomisation[],
): Promise<RolesReport> {
  const report: RolesReport = { created: [], updated: [] };
  const existing = new Map((await listGrants(trx, schema, 'role')).map((g) => [g.api_name, g]));
  const before = new Map(base.map((r) => [r.api_name, r]));
  for (const { file, role } of roles) {
    const grant = existing.get(role.api_name);
    const previous = before.get(role.api_name);
    try {
      if (!grant) {
        if (previous) continue;
        await createGrant(trx, schema, 'role', role, admin);
        report.created.push(role.api_name);
        continue;
      }
      const current = Object.fromEntries(ROLE_PROPERTIES.map((p) => [p, grant[p] ?? null])) as Omit<PackageRole, 'api_name'>;
      const { api_name: _name, ...theirs } = role;
      const { api_name: _base, ...baseProps } = previous ?? { api_name: role.api_name };
      const merged = mergeValue(previous ? baseProps : undefined, theirs, current, `roles.${role.api_name}`, kept) as Record<string, unknown>;
      const patch = Object.fromEntries(ROLE_PROPERTIES.filter((p) => !sameDefinition(merged[p], current[p])).map((p) => [p, merged[p]]));
      if (Object.keys(patch).length === 0) continue;
      await updateGrant(trx, schema, 'role', grant.id, patch, admin);
      report.updated.push(role.api_name);
    } catch (err) {
      rethrowIn(err, file);
    }
  }
  return report;
}
