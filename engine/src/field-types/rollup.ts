import type { FieldError, JsonSchema } from '../kernel/index.ts';
import type { FieldDef, RollupFunction } from '../metadata/index.ts';
import type { FieldType } from './field-type.ts';
import { DATE_PATTERN } from './date.ts';
import { DATETIME_PATTERN } from './datetime.ts';
import { numberOrNull, roundToScale } from './numeric.ts';
import { sqlInt } from './sql-literal.ts';

const API_NAME = '^[a-z][a-z0-9_]{0,62}$';
export const ROLLUP_FUNCTIONS: readonly RollupFunction[] = ['count', 'sum', 'min', 'max'];
/** Wide enough for the sum of many 15-digit amounts; what a JSON number carries exactly is 15 digits. */
const SUM_PRECISION = 30;
const DEFAULT_SCALE = 2;

const functionOf = (field: FieldDef): RollupFunction => field.function ?? 'count';
const resultOf = (field: FieldDef) => (functionOf(field) === 'count' ? 'number' : (field.return_type ?? 'number'));

function toIso(value: unknown): string | null {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return new Date(value).toISOString();
  return null;
}

function toDateText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (value instanceof Date) return `${String(value.getFullYear()).padStart(4, '0')}-${String(value.getMonth() + 1).padStart(2, '0')}-${String(value.getDate()).padStart(2, '0')}`;
  return null;
}

/**
 * What the definition says on its own. Whether the child object, `via`, `field` and `filter` fit the
 * metadata is checked by the schema stage (schema/rollup-checks.ts), which sees every object.
 */
function checkRollup(field: FieldDef, ctx: { objectExists(apiName: string): boolean }): FieldError[] {
  const errors: FieldError[] = [];
  if (!field.child_object) errors.push({ field: 'child_object', message: 'a roll-up needs the object whose records it summarises' });
  else if (!ctx.objectExists(field.child_object)) errors.push({ field: 'child_object', message: `there is no object "${field.child_object}"` });
  if (!field.via) errors.push({ field: 'via', message: 'a roll-up needs the lookup field of the child object that points at this object' });
  if (!field.function) errors.push({ field: 'function', message: `a roll-up needs a function: ${ROLLUP_FUNCTIONS.join(', ')}` });
  if (functionOf(field) === 'count') {
    if (field.field !== undefined) errors.push({ field: 'field', message: 'count counts child records; leave field out' });
    if (field.return_type !== undefined && field.return_type !== 'number') errors.push({ field: 'return_type', message: 'a count is a number' });
  } else if (!field.field) errors.push({ field: 'field', message: `${functionOf(field)} needs the child field it summarises` });
  if (field.function === 'sum' && field.return_type !== undefined && field.return_type !== 'number') errors.push({ field: 'return_type', message: 'a sum is a number' });
  if (field.required) errors.push({ field: 'required', message: 'a roll-up is computed by the engine; it cannot be required' });
  return errors;
}

function valueSchema(field: FieldDef): JsonSchema {
  const result = resultOf(field);
  if (result === 'date') return { type: 'string', format: 'date', pattern: DATE_PATTERN, readOnly: true };
  if (result === 'datetime') return { type: 'string', format: 'date-time', pattern: DATETIME_PATTERN, readOnly: true };
  return functionOf(field) === 'count' ? { type: 'integer', minimum: 0, readOnly: true } : { type: 'number', readOnly: true };
}

function sqlType(field: FieldDef): string {
  const result = resultOf(field);
  if (result === 'date') return 'date';
  if (result === 'datetime') return 'timestamptz';
  return functionOf(field) === 'count' ? 'bigint' : `numeric(${sqlInt(SUM_PRECISION)},${sqlInt(field.scale ?? DEFAULT_SCALE)})`;
}

/**
 * A roll-up summary: count, sum, min or max of a child object's field over the child's lookup to this
 * object (`via`), optionally only over children matching a JSON-logic `filter`. The value is kept in a
 * column of this object by the save pipeline (records/rollups.ts), never accepted from input.
 */
export const rollupType: FieldType = {
  name: 'rollup',
  label: { en: 'Roll-up summary', 'zh-CN': '汇总' },
  settings: {
    child_object: { type: 'string', pattern: API_NAME },
    via: { type: 'string', pattern: API_NAME },
    function: { type: 'string', enum: [...ROLLUP_FUNCTIONS] },
    field: { type: 'string', pattern: API_NAME },
    // JSON-logic over the child record, checked against the child's fields by the schema stage.
    filter: {},
    scale: { type: 'integer', minimum: 0, maximum: 15 },
    return_type: { type: 'string', enum: ['number', 'date', 'datetime'] },
  },
  supportsUnique: false,
  supportsIndex: true,
  generated: true,
  check: checkRollup,
  columns: (field) => [{ name: field.api_name, sqlType: sqlType(field) }],
  valueSchema,
  toColumns: (value, field) => {
    if (value === null || value === undefined) return { [field.api_name]: null };
    const result = resultOf(field);
    if (result === 'date') return { [field.api_name]: toDateText(value) };
    if (result === 'datetime') return { [field.api_name]: toIso(value) };
    return { [field.api_name]: typeof value === 'number' ? roundToScale(value, functionOf(field) === 'count' ? 0 : (field.scale ?? DEFAULT_SCALE)) : null };
  },
  fromColumns: (row, field) => {
    const value = row[field.api_name];
    const result = resultOf(field);
    if (result === 'date') return toDateText(value);
    if (result === 'datetime') return toIso(value);
    return numberOrNull(value);
  },
  sortColumn: (field) => field.api_name,
  // Any change of definition is followed by a full recompute (schema/rollup-plan.ts): the old values need no conversion.
  castFrom: { rollup: () => ({ using: 'null' }) },
  samples: {
    field: { child_object: 'line_item', via: 'order', function: 'sum', field: 'amount', scale: 2 },
    good: [{ input: 1250.5 }, { input: 0 }, { input: -3.25 }, { input: 0.005, output: 0.01 }],
    bad: ['12', true, { amount: 1 }, [1], ''],
  },
};
