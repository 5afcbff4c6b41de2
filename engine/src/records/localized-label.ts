import type { LocalizedText } from '../metadata/index.ts';

/** A label in the actor's language, else in the other one, else `fallback` (the API name). */
export function labelIn(label: LocalizedText, locale: string, fallback: string): string {
  return (locale === 'zh-CN' ? label['zh-CN'] : label.en) ?? label.en ?? label['zh-CN'] ?? fallback;
}

/** Labels of the system fields every record has (object fields carry their own). */
export const SYSTEM_LABELS: Record<string, LocalizedText> = {
  id: { en: 'ID', 'zh-CN': 'ID' },
  owner_id: { en: 'Owner', 'zh-CN': '负责人' },
  created_at: { en: 'Created at', 'zh-CN': '创建时间' },
  created_by: { en: 'Created by', 'zh-CN': '创建人' },
  updated_at: { en: 'Updated at', 'zh-CN': '修改时间' },
  updated_by: { en: 'Updated by', 'zh-CN': '修改人' },
  version: { en: 'Version', 'zh-CN': '版本' },
};
