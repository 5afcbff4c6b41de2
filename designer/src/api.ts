/** The public metadata API as the designer uses it (docs/http-api.md#metadata-routes): no private back doors. */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../runtime-ui/src/api/client.ts';
import type { LocalizedText, Me } from '../../runtime-ui/src/api/types.ts';

export { api, ApiError, setUnauthorizedHandler } from '../../runtime-ui/src/api/client.ts';
export type { LocalizedText, Me };

/** A field definition as the engine stores it; type settings vary by type (docs/field-types.md). */
export type FieldDef = { api_name: string; type: string; label?: LocalizedText; archived?: boolean } & Record<string, unknown>;

/** A JSON-logic rule (docs/rule-language.md). */
export type Rule = unknown;

export interface ValidationRuleDef {
  api_name: string;
  condition: Rule;
  message: LocalizedText;
  field?: string;
  active: boolean;
  description?: string;
}

export interface ListViewDef {
  api_name: string;
  label?: LocalizedText;
  columns: string[];
  sort?: string;
  filter?: Rule;
  kanban?: { group_by: string; card_fields?: string[]; sum_field?: string };
}

export interface LayoutFieldDef {
  field: string;
  read_only?: boolean;
  required?: boolean;
  visible_if?: Rule;
  required_if?: Rule;
}

export interface LayoutDef {
  api_name: string;
  label?: LocalizedText;
  roles?: string[];
  sections: { label?: LocalizedText; columns?: 1 | 2; fields: LayoutFieldDef[] }[];
}

/** An object definition as GET /api/meta/objects returns it (docs/metadata.md#object-definition). */
export interface ObjectDef {
  api_name: string;
  label: LocalizedText;
  plural_label?: LocalizedText;
  description?: string;
  icon?: string;
  name_field: string;
  fields: FieldDef[];
  validation_rules?: ValidationRuleDef[];
  list_views?: ListViewDef[];
  layouts?: LayoutDef[];
  archived?: boolean;
}

export interface PlanOperation {
  op: string;
  description: string;
  sql: string;
}

export interface PlanCheck {
  kind: string;
  blocking: boolean;
  field: string;
  description: string;
  count: number;
}

/** The answer of POST /api/meta/plan (and, with id and version, of every applied change). */
export interface Plan {
  object: string;
  kind: string;
  operations: PlanOperation[];
  sql: string[];
  checks: PlanCheck[];
  applicable: boolean;
  id?: string;
}

export interface RecordedChange {
  id: string;
  version: number;
  at: string;
  kind: string;
  object: string | null;
  field: string | null;
}

/** A change in the words of POST /api/meta/plan; `applyChange` sends it to the route that applies it. */
export type Change =
  | { kind: 'create_object'; definition: Record<string, unknown> }
  | { kind: 'update_object'; object: string; patch: Record<string, unknown> }
  | { kind: 'archive_object'; object: string }
  | { kind: 'create_field'; object: string; definition: Record<string, unknown> }
  | { kind: 'update_field'; object: string; field: string; patch: Record<string, unknown> }
  | { kind: 'archive_field'; object: string; field: string };

export function planChange(change: Change): Promise<Plan> {
  return api<Plan>('POST', '/api/meta/plan', change);
}

const seg = encodeURIComponent;

export function applyChange(change: Change): Promise<Plan> {
  switch (change.kind) {
    case 'create_object':
      return api<Plan>('POST', '/api/meta/objects', change.definition);
    case 'update_object':
      return api<Plan>('PATCH', `/api/meta/objects/${seg(change.object)}`, change.patch);
    case 'archive_object':
      return api<Plan>('DELETE', `/api/meta/objects/${seg(change.object)}`);
    case 'create_field':
      return api<Plan>('POST', `/api/meta/objects/${seg(change.object)}/fields`, change.definition);
    case 'update_field':
      return api<Plan>('PATCH', `/api/meta/objects/${seg(change.object)}/fields/${seg(change.field)}`, change.patch);
    case 'archive_field':
      return api<Plan>('DELETE', `/api/meta/objects/${seg(change.object)}/fields/${seg(change.field)}`);
  }
}

export function useMe() {
  return useQuery({ queryKey: ['me'], queryFn: () => api<Me>('GET', '/api/auth/me'), retry: false, staleTime: Infinity });
}

export function useObjects() {
  return useQuery({ queryKey: ['objects'], queryFn: async () => (await api<{ items: ObjectDef[] }>('GET', '/api/meta/objects')).items });
}

/** After any change: metadata is read again everywhere. */
export function useRefresh(): () => Promise<void> {
  const client = useQueryClient();
  return () => client.invalidateQueries();
}

export function text(label: LocalizedText | undefined, fallback: string): string {
  return label?.en ?? label?.['zh-CN'] ?? fallback;
}
