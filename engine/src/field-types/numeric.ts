import type { FieldError, JsonSchema } from '../kernel/index.ts';
import type { FieldDef, LocalizedText } from '../metadata/index.ts';
import { failingWhen, notMatching, outOfRange, type Condition } from './cast-rules.ts';
import type { CastFrom, FieldType, GoodSample } from './field-type.ts';
import { sqlInt } from './sql-literal.ts';

/**
 * Shared by decimal, percent and currency: numeric(precision, scale) columns carrying JSON numbers.
 * Precision stops at 15 digits because that is what a JSON number (an IEEE double) holds exactly.
 */
export const MAX_PRECISION = 15;

export interface NumericShape {
  precision: number;
  scale: number;
}

export function numericShape(field: FieldDef, defaultPrecision: number): NumericShape {
  const precision = field.precision ?? defaultPrecision;
  return { precision, scale: field.scale ?? Math.min(2, precision) };
}

export const numericSettings: Record<string, JsonSchema> = {
  precision: { type: 'integer', minimum: 1, maximum: MAX_PRECISION },
  scale: { type: 'integer', minimum: 0, maximum: MAX_PRECISION },
  min: { type: 'number' },
  max: { type: 'number' },
};

export function checkNumeric(field: FieldDef, shape: NumericShape): FieldError[] {
  const errors: FieldError[] = [];
  if (shape.scale > shape.precision) errors.push({ field: 'scale', message: `must not exceed the precision (${shape.precision})` });
  if (field.min !== undefined && field.max !== undefined && field.min > field.max) errors.push({ field: 'min', message: 'must not exceed max' });
  return errors;
}

export const numericSqlType = (shape: NumericShape) => `numeric(${sqlInt(shape.precision)},${sqlInt(shape.scale)})`;

/** The largest magnitude the column holds, e.g. 999.99 for numeric(5,2). It lies on the scale grid, so rounding never passes it. */
export const largestValue = (shape: NumericShape) => (10 ** shape.precision - 1) / 10 ** shape.scale;

/** Bounds by the column's digits and the field's min/max; the fraction is rounded to scale on save, not refused. */
export function numberSchema(field: FieldDef, shape: NumericShape): JsonSchema {
  const limit = largestValue(shape);
  return { type: 'number', minimum: Math.max(-limit, field.min ?? -limit), maximum: Math.min(limit, field.max ?? limit) };
}

/**
 * Rounds half away from zero on the shortest decimal form of the number, as PostgreSQL rounds numerics,
 * so 1.005 becomes "1.01" (binary arithmetic would give 1.00). Returned as text for an exact bind.
 */
export function roundToScale(value: number, scale: number): string {
  const [mantissa = '0', exponent = '0'] = Math.abs(value).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const keep = Number(exponent) + 1 + scale;
  let units = 0n;
  if (keep >= 0) {
    units = BigInt(digits.slice(0, keep).padEnd(keep, '0') || '0');
    if ((digits[keep] ?? '0') >= '5') units += 1n;
  }
  const text = units.toString().padStart(scale + 1, '0');
  const sign = value < 0 && units !== 0n ? '-' : '';
  const whole = text.slice(0, text.length - scale);
  return scale === 0 ? `${sign}${whole}` : `${sign}${whole}.${text.slice(text.length - scale)}`;
}

export const numberOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

/** Text that PostgreSQL reads as a plain decimal number (no exponent). */
export const NUMBER_TEXT = '^\\s*[-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)\\s*$';

/**
 * Rows that would lose digits in numeric(precision, scale) or fall outside min/max.
 * `value` is a numeric SQL expression without placeholders.
 */
export function numericLoss(value: string, to: FieldDef, shape: NumericShape): Condition {
  const range = outOfRange(value, to.min, to.max);
  const sql = [`${value} <> round(${value}, ${sqlInt(shape.scale)})`, `abs(${value}) >= ${sqlInt(10 ** (shape.precision - shape.scale))}`, ...(range ? [range.sql] : [])];
  return { sql: sql.join(' or '), bindings: range?.bindings ?? [] };
}

/** Casts into a numeric(precision, scale) column from numeric columns and from text holding numbers. */
export function numericCasts(defaultPrecision: number): { fromNumber: CastFrom; fromText: CastFrom } {
  const fromNumber: CastFrom = (column, _from, to) => failingWhen([numericLoss(column, to, numericShape(to, defaultPrecision))]);
  const fromText: CastFrom = (column, _from, to) => {
    const loss = numericLoss(`${column}::numeric`, to, numericShape(to, defaultPrecision));
    // The case guards the cast: PostgreSQL does not promise to evaluate `or` left to right.
    const wouldNotFit = { sql: `case when ${column} ~ ? then (${loss.sql}) else false end`, bindings: [NUMBER_TEXT, ...loss.bindings] };
    return failingWhen([notMatching(column, NUMBER_TEXT), wouldNotFit], `${column}::numeric`);
  };
  return { fromNumber, fromText };
}

/** What differs between the plain number types (decimal, percent); everything else is shared here. */
export interface NumberTypeSpec {
  name: string;
  label: LocalizedText;
  defaultPrecision: number;
  supportsUnique: boolean;
  samples: { field?: Partial<FieldDef>; good: GoodSample[]; bad: unknown[] };
}

/** A numeric(precision, scale) column carrying a JSON number, rounded to scale on save. */
export function numberFieldType(spec: NumberTypeSpec): FieldType {
  const shape = (field: FieldDef) => numericShape(field, spec.defaultPrecision);
  const casts = numericCasts(spec.defaultPrecision);
  return {
    name: spec.name,
    label: spec.label,
    settings: numericSettings,
    supportsUnique: spec.supportsUnique,
    supportsIndex: true,
    check: (field) => checkNumeric(field, shape(field)),
    columns: (field) => [{ name: field.api_name, sqlType: numericSqlType(shape(field)) }],
    valueSchema: (field) => numberSchema(field, shape(field)),
    toColumns: (value, field) => ({ [field.api_name]: typeof value === 'number' ? roundToScale(value, shape(field).scale) : null }),
    fromColumns: (row, field) => numberOrNull(row[field.api_name]),
    sortColumn: (field) => field.api_name,
    castFrom: { decimal: casts.fromNumber, integer: casts.fromNumber, percent: casts.fromNumber, text: casts.fromText, long_text: casts.fromText },
    samples: spec.samples,
  };
}
