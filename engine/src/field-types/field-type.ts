import type { FieldError, JsonSchema } from '../kernel/index.ts';
import type { FieldDef, LocalizedText } from '../metadata/index.ts';

/** A physical column a field occupies. `sqlType` is built by the type from validated settings, never from raw input. */
export interface ColumnSpec {
  name: string;
  sqlType: string;
  references?: { table: string; onDelete: 'restrict' | 'set null' | 'cascade' };
}

/** What a field type may ask of the engine when it generates a value (autonumber). */
export interface GenerateContext {
  now: Date;
  /** The next gap-free number of this field's counter for `period`, taken inside the record's transaction. */
  next(period: string): Promise<number>;
}

/**
 * How to convert a column into this type. `using` is an SQL expression over the quoted old column
 * (omit it when the data needs no rewrite); `failing` is an SQL condition true for rows that would not
 * convert. Both are built from the quoted column and constants only.
 */
export interface CastRule {
  using?: string;
  failing?: string;
  /** Values bound to the `?` placeholders of `failing` (a SELECT, where binding is possible). */
  bindings?: unknown[];
}
export type CastFrom = (column: string, from: FieldDef, to: FieldDef) => CastRule;

/** What a computed type (formula) tells the stages that compile it: its rule and what its value is. */
export interface ComputedValue {
  /** The JSON-logic rule (checked when the field is saved). */
  expression(field: FieldDef): unknown;
  /** The kind of value the rule must give. */
  returnType(field: FieldDef): FormulaReturnType;
  /** Decimal places numbers are rounded to (half away from zero, as PostgreSQL rounds numerics). */
  scale(field: FieldDef): number;
}
export type FormulaReturnType = 'number' | 'text' | 'boolean' | 'date' | 'datetime';

/** One sample of the contract table: an input and, when it differs, what the API returns after a save. */
export interface GoodSample {
  input: unknown;
  output?: unknown;
}

/**
 * The contract of a field type. Every type — built-in or from a plugin — is one object of this
 * shape in its own file, registered in a FieldTypeRegistry, and passes the same contract suite.
 */
export interface FieldType {
  readonly name: string;
  readonly label: LocalizedText;
  /** JSON Schemas of the settings this type adds to a field definition (max_length, precision, values…). */
  readonly settings: Record<string, JsonSchema>;
  readonly supportsUnique: boolean;
  readonly supportsIndex: boolean;
  /**
   * A field of this type can take part in full-text search (`searchable: true`; the name field by
   * default); see query/search.ts. The type's sort column must be of SQL type text.
   */
  readonly searchable?: boolean;
  /**
   * The value is produced by the engine, never accepted from input: on insert by `generate` (autonumber),
   * or kept up to date in its column by the save pipeline (roll-up summaries, which have no `generate`).
   */
  readonly generated?: boolean;
  /** Semantic checks of a definition after its schema passed; each error names the property. */
  check?(field: FieldDef, ctx: { objectExists(apiName: string): boolean }): FieldError[];
  columns(field: FieldDef): ColumnSpec[];
  /** JSON Schema of the API value, without null: the caller adds nullability. */
  valueSchema(field: FieldDef): JsonSchema;
  /** A schema-valid API value → column values (may normalise, e.g. sanitise HTML or convert to UTC). */
  toColumns(value: unknown, field: FieldDef): Record<string, unknown>;
  /** Column values of a row → the API value (null when empty). */
  fromColumns(row: Record<string, unknown>, field: FieldDef): unknown;
  /**
   * The value is computed from other fields by a JSON-logic rule (formula): the type has no column, never
   * takes a value from input, and the query stage selects the compiled rule under the field's name (so
   * `fromColumns` reads `row[api_name]` and `sortColumn` names that output column).
   */
  readonly computed?: ComputedValue;
  /** Values generated on insert for `generated` types that make theirs then. */
  generate?(field: FieldDef, ctx: GenerateContext): Promise<Record<string, unknown>>;
  /** The column that sorting and equality filtering use, or null when the type cannot be sorted. */
  sortColumn(field: FieldDef): string | null;
  /** Safe casts into this type, keyed by the source type (the same type for settings changes such as scale). */
  readonly castFrom: Record<string, CastFrom>;
  /** The contract table: settings for a sample field, values that must round-trip, values that must be refused. */
  readonly samples: { field?: Partial<FieldDef>; good: GoodSample[]; bad: unknown[] };
}
