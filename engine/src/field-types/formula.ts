import type { FieldError, JsonSchema } from '../kernel/index.ts';
import type { FieldDef } from '../metadata/index.ts';
import type { FieldType, FormulaReturnType } from './field-type.ts';
import { DATE_PATTERN } from './date.ts';
import { roundToScale } from './numeric.ts';

export const FORMULA_RETURN_TYPES: readonly FormulaReturnType[] = ['number', 'text', 'boolean', 'date', 'datetime'];
/** Numbers are rounded to two places unless the field says otherwise (as decimal fields are). */
export const FORMULA_DEFAULT_SCALE = 2;

const returnTypeOf = (field: FieldDef): FormulaReturnType => field.return_type ?? 'text';
const scaleOf = (field: FieldDef): number => field.scale ?? FORMULA_DEFAULT_SCALE;

const VALUE_SCHEMAS: Record<FormulaReturnType, JsonSchema> = {
  number: { type: 'number' },
  text: { type: 'string' },
  boolean: { type: 'boolean' },
  date: { type: 'string', format: 'date', pattern: DATE_PATTERN },
  datetime: { type: 'string', format: 'date-time' },
};

/**
 * The rule's shape is checked here; whether it reads fields that exist, gives the declared type, runs in
 * SQL and forms no cycle with other formulas needs the whole metadata and the rule language, so the
 * schema stage checks that (schema/validate-formulas.ts).
 */
function checkFormula(field: FieldDef): FieldError[] {
  const errors: FieldError[] = [];
  if (field.expression === undefined) errors.push({ field: 'expression', message: 'a formula needs its JSON-logic expression', code: 'required' });
  if (field.return_type === undefined) errors.push({ field: 'return_type', message: `a formula declares the type of its value: ${FORMULA_RETURN_TYPES.join(', ')}`, code: 'required' });
  if (field.scale !== undefined && field.return_type !== 'number') errors.push({ field: 'scale', message: 'only a number formula has a scale' });
  // Computed, never stored or typed in: nothing to require, default or constrain.
  if (field.required) errors.push({ field: 'required', message: 'a formula is computed, so it cannot be required' });
  // Its value changes without its record being written (a looked-up record, the clock): no history to keep.
  if (field.audited) errors.push({ field: 'audited', message: 'a formula is computed, so its history is not recorded' });
  if (field.default !== undefined || field.default_rule !== undefined) errors.push({ field: field.default !== undefined ? 'default' : 'default_rule', message: 'a formula is computed, so it has no default' });
  return errors;
}

function toDateText(value: unknown): string | null {
  return typeof value === 'string' && new RegExp(DATE_PATTERN).test(value) ? value : null;
}

function toIso(value: unknown): string | null {
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : null;
  return date && !Number.isNaN(date.getTime()) ? date.toISOString() : null;
}

/**
 * A formula's value as the API shows it, from what the rule gave in JavaScript — the same value
 * PostgreSQL gives for the compiled rule: numbers read as PostgreSQL reads a double (15 significant
 * digits) and rounded to scale, NaN and ±Infinity as null; dates 'YYYY-MM-DD'; date-times ISO in UTC.
 * A value of another type than the declared one is null (the save check makes that rare).
 */
export function formulaOutput(value: unknown, field: FieldDef): unknown {
  switch (returnTypeOf(field)) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? Number(roundToScale(Number(value.toPrecision(15)), scaleOf(field))) : null;
    case 'text':
      return typeof value === 'string' ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    case 'date':
      return toDateText(value);
    case 'datetime':
      return toIso(value);
  }
}

/** A row's formula value (selected by the query stage under the field's name) → the API value. */
function fromRow(value: unknown, field: FieldDef): unknown {
  if (value === null || value === undefined) return null;
  switch (returnTypeOf(field)) {
    case 'number': {
      const number = Number(value);
      return Number.isFinite(number) ? number : null;
    }
    case 'text':
      return String(value);
    case 'boolean':
      return value === true;
    case 'date':
      return toDateText(value);
    case 'datetime':
      return toIso(value);
  }
}

/** A value computed from the record's fields (and through lookups) by a JSON-logic expression. */
export const formulaType: FieldType = {
  name: 'formula',
  label: { en: 'Formula', 'zh-CN': '公式' },
  settings: {
    expression: {},
    return_type: { type: 'string', enum: [...FORMULA_RETURN_TYPES] },
    scale: { type: 'integer', minimum: 0, maximum: 15 },
  },
  supportsUnique: false,
  supportsIndex: false,
  computed: {
    expression: (field) => field.expression,
    returnType: returnTypeOf,
    scale: scaleOf,
  },
  check: checkFormula,
  columns: () => [],
  valueSchema: (field) => ({ ...VALUE_SCHEMAS[returnTypeOf(field)], readOnly: true }),
  toColumns: () => ({}),
  fromColumns: (row, field) => fromRow(row[field.api_name], field),
  sortColumn: (field) => field.api_name,
  castFrom: {},
  samples: {
    field: { expression: { '*': [{ var: 'quantity' }, 2] }, return_type: 'number', scale: 2 },
    good: [{ input: 12.5 }, { input: -3 }, { input: 0 }, { input: 1234567.89 }],
    bad: ['12.5', true, [], {}],
  },
};
