import type { AccessFilter } from './row-filter.ts';

export type AccessMode = 'read' | 'edit';

export interface SharingRuleInput {
  object: string;
  userId: string;
  /** The actor's roles (api_names) and department, the two things a sharing rule grants to. */
  roles: string[];
  departmentId: string | null;
  mode: AccessMode;
  alias?: string;
}

/**
 * THE SEAM FOR SHARING RULES. A sharing rule is a JSON-logic condition on a record that grants read or
 * read-write to roles or departments; compiled by logic/ to SQL, the rules that apply to this actor
 * become one condition OR'ed into the row filter here. Until sharing rules exist it opens nothing.
 */
export function sharingRuleFilter(input: SharingRuleInput): AccessFilter | null {
  void input;
  return null;
}
