/** The engine's 422 errors for one list view, placed where the editor shows each part. */
import type { FieldProblem } from '../../../runtime-ui/src/api/client.ts';

/** Errors under `list_views.<index>`, their paths made relative to the view (`filter.==.0.var`); the rest in `other`. */
export function splitViewErrors(errors: FieldProblem[], index: number): { view: FieldProblem[]; other: FieldProblem[] } {
  const prefix = `list_views.${index}`;
  const view: FieldProblem[] = [];
  const other: FieldProblem[] = [];
  for (const e of errors) {
    if (e.field === prefix) view.push({ ...e, field: '' });
    else if (e.field.startsWith(`${prefix}.`)) view.push({ ...e, field: e.field.slice(prefix.length + 1) });
    else other.push(e);
  }
  return { view, other };
}

/** A Form.Item's error state and help for the errors at `at` (relative to the view) or under it. */
export function errorAt(errors: FieldProblem[], at: string): { validateStatus?: 'error'; help?: string } {
  const found = errors.filter((e) => e.field === at || e.field.startsWith(`${at}.`));
  return found.length ? { validateStatus: 'error', help: found.map((e) => (e.field === at ? e.message : `${e.field.slice(at.length + 1)}: ${e.message}`)).join('; ') } : {};
}
