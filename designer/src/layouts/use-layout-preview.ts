import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { FormDefinition } from '../../../runtime-ui/src/api/types.ts';
import type { FieldProblem } from '../../../runtime-ui/src/api/client.ts';
import { api, ApiError, type LayoutDef } from '../api.ts';

/** `value`, once it has stayed the same for `ms` (compared as JSON: a layout is a fresh object after every edit). */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  const key = JSON.stringify(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(JSON.parse(key) as T), ms);
    return () => clearTimeout(timer);
  }, [key, ms]);
  return settled;
}

export interface LayoutPreviewState {
  /** The form of the last layout the engine accepted (kept while the current one has problems). */
  form: FormDefinition | undefined;
  /** The engine's problems with the current layout, paths relative to it (`sections.1.fields.0.visible_if.==.0.var`). */
  problems: FieldProblem[];
  /** Another failure (no right, network). */
  failure: Error | undefined;
  loading: boolean;
  /** The preview is of an earlier layout than the one on screen. */
  stale: boolean;
}

/**
 * The form /app would render for a layout being edited: POST /api/forms/:object/preview (checked as saving
 * would check it, nothing saved), asked again a moment after each edit.
 */
export function useLayoutPreview(object: string, layout: LayoutDef | undefined, locale: string): LayoutPreviewState {
  const settled = useSettled(layout, 350);
  const query = useQuery({
    queryKey: ['layout-preview', object, locale, settled],
    enabled: settled !== undefined,
    retry: false,
    gcTime: 30_000,
    queryFn: () => api<FormDefinition>('POST', `/api/forms/${encodeURIComponent(object)}/preview?locale=${encodeURIComponent(locale)}`, { layout: settled }),
  });
  const [lastGood, setLastGood] = useState<FormDefinition>();
  useEffect(() => {
    if (query.data) setLastGood(query.data);
  }, [query.data]);
  const error = query.error;
  const problems = error instanceof ApiError && error.status === 422 ? error.errors.map((e) => ({ ...e, field: e.field === 'layout' ? '' : e.field.replace(/^layout\./, '') })) : [];
  return {
    form: query.data ?? lastGood,
    problems,
    failure: error && problems.length === 0 ? error : undefined,
    loading: query.isFetching,
    stale: JSON.stringify(settled) !== JSON.stringify(layout) || (!query.data && lastGood !== undefined),
  };
}
