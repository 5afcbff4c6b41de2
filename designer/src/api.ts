/** The public metadata API as the designer uses it (docs/http-api.md#metadata-routes): no private back doors. */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../runtime-ui/src/api/client.ts';
import type { LocalizedText, Me } from '../../runtime-ui/src/api/types.ts';

export { api, ApiError, setUnauthorizedHandler } from '../../runtime-ui/src/api/client.ts';
export type { LocalizedText, Me };

/** A field definition as the engine stores it; type settings vary by type (docs/field-types.md). */
export type FieldDef = { api_name: string; type: string; label?: LocalizedText; archived?: boolean } & Record<string, unknown>;

export interface ObjectDef {
  api_name: string;
  label: LocalizedText;
  plural_label?: LocalizedText;
  name_field: string;
  fields: FieldDef[];
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
  | { kind: 'create_field'; object: string; definition: Record<string, unknown> }
  | { kind: 'archive_field'; object: string; field: string };

export function planChange(change: Change): Promise<Plan> {
  return api<Plan>('POST', '/api/meta/plan', change);
}

export function applyChange(change: Change): Promise<Plan> {
  switch (change.kind) {
    case 'create_object':
      return api<Plan>('POST', '/api/meta/objects', change.definition);
    case 'create_field':
      return api<Plan>('POST', `/api/meta/objects/${encodeURIComponent(change.object)}/fields`, change.definition);
    case 'archive_field':
      return api<Plan>('DELETE', `/api/meta/objects/${encodeURIComponent(change.object)}/fields/${encodeURIComponent(change.field)}`);
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
