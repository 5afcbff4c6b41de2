import type { FieldDef } from '../api/types.ts';

export type FilterOp = 'eq' | 'ne' | 'gt' | 'lt' | 'contains' | 'empty' | 'notEmpty';

export interface Condition {
  field: string;
  op: FilterOp;
  value?: string | number | boolean;
}

export interface FilterState {
  match: 'and' | 'or';
  conditions: Condition[];
}

const TEXT = new Set(['text', 'email', 'phone', 'url', 'long_text', 'autonumber']);
const NUMBER = new Set(['integer', 'decimal', 'percent']);
const ORDERED = new Set(['date', 'datetime']);

/** Fields a condition can be put on, and the operators that fit each type. */
export function operatorsFor(field: FieldDef): FilterOp[] {
  if (TEXT.has(field.type)) return ['eq', 'ne', 'contains', 'empty', 'notEmpty'];
  if (NUMBER.has(field.type) || ORDERED.has(field.type)) return ['eq', 'ne', 'gt', 'lt', 'empty', 'notEmpty'];
  if (field.type === 'picklist' || field.type === 'boolean') return ['eq', 'ne', 'empty', 'notEmpty'];
  return [];
}

const needsValue = (op: FilterOp) => op !== 'empty' && op !== 'notEmpty';

/** The conditions → one JSON-logic rule (the list API's `filter`); undefined when no condition is complete. */
export function toJsonLogic(state: FilterState): unknown {
  const rules = state.conditions
    .filter((c) => c.field && (!needsValue(c.op) || (c.value !== undefined && c.value !== '')))
    .map((c) => {
      const v = { var: c.field };
      switch (c.op) {
        case 'eq':
          return { '==': [v, c.value] };
        case 'ne':
          return { '!=': [v, c.value] };
        case 'gt':
          return { '>': [v, c.value] };
        case 'lt':
          return { '<': [v, c.value] };
        case 'contains':
          return { in: [c.value, v] };
        case 'empty':
          return { '==': [v, null] };
        case 'notEmpty':
          return { '!=': [v, null] };
      }
    });
  if (rules.length === 0) return undefined;
  return rules.length === 1 ? rules[0] : { [state.match]: rules };
}
