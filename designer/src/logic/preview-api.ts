/** The rule preview route and the records to preview on (docs/http-api.md#rule-preview), as the designer calls them. */
import { useQuery } from '@tanstack/react-query';
import { api, type ObjectDef, type Rule } from '../api.ts';

export interface RulePreview {
  record: { id: string; name: unknown };
  value: unknown;
  js_value?: unknown;
  truthy?: boolean;
}

export interface PreviewBody {
  rule: Rule;
  kind: 'formula' | 'condition' | 'default';
  return_type?: string;
  scale?: number;
  field?: string;
  record_id?: string;
}

export function previewRule(object: string, body: PreviewBody): Promise<RulePreview> {
  return api<RulePreview>('POST', `/api/meta/objects/${encodeURIComponent(object)}/preview-rule`, body);
}

export interface SampleRecord {
  id: string;
  name: string;
}

/** The object's 20 most recently updated records, to pick one to preview on. */
export function useRecentRecords(object: ObjectDef) {
  return useQuery({
    queryKey: ['recent-records', object.api_name],
    queryFn: async (): Promise<SampleRecord[]> => {
      const page = await api<{ items: Array<Record<string, unknown>> }>('GET', `/api/records/${encodeURIComponent(object.api_name)}?limit=20&sort=-updated_at`);
      return page.items.map((r) => ({ id: String(r.id), name: r[object.name_field] == null ? String(r.id) : String(r[object.name_field]) }));
    },
  });
}
