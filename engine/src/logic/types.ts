import type { JsonPrimitive, JsonValue } from '../kernel/index.ts';

/** A JSON-logic rule: any JSON value; objects with exactly one key are operations. */
export type Rule = JsonValue;

/** What a rule or a variable yields, as far as it can be known before running it. */
export type LogicType = 'number' | 'string' | 'boolean' | 'date' | 'datetime' | 'array' | 'null' | 'any';

/** What a rule sees besides its data: the clock, the time zone of "today", and on update the record before the change. */
export interface RuleContext {
  now: Date;
  /** IANA time zone (tenant's or user's); date operations without their own zone use it. */
  timeZone: string;
  /** The record as it was before this change (update-time rules); null or absent on create and in queries. */
  prior?: Record<string, unknown> | null;
  /** The user the rule runs for (`current_user`); absent when none does. */
  userId?: string | null;
}

/**
 * How a rule reads one kind of SQL value. JavaScript's meaning of each kind:
 * boolean, float (double precision) and numeric (an exact column) are numbers; text, date
 * ('YYYY-MM-DD'), timestamptz (canonical ISO 8601 in UTC with milliseconds) and uuid are strings;
 * text[] is an array of strings; jsonb is any JSON value; null is the literal null.
 * SQL NULL is JavaScript null for every kind.
 */
export type SqlKind = 'boolean' | 'float' | 'numeric' | 'text' | 'date' | 'timestamptz' | 'uuid' | 'text[]' | 'jsonb' | 'null';

/** A parameterised SQL fragment: `?` placeholders (knex style) and their values. */
export interface SqlFragment {
  sql: string;
  bindings: unknown[];
}

/** A compiled value: SQL of one kind plus what the compiler knows about it. */
export interface SqlExpr extends SqlFragment {
  kind: SqlKind;
  /** May be SQL NULL (JavaScript null). Columns may; literals and arithmetic may not. */
  nullable: boolean;
  /** A plain column reference: comparisons with a literal stay index-friendly. */
  column?: boolean;
  /** A bigint column: comparisons with fractions are rounded so the index still applies. */
  integer?: boolean;
  /** A constant from the rule, known at compile time. */
  literal?: { value: JsonPrimitive };
}

/** What a `var` path is: its type for checking and, when it can be read in SQL, how. */
export interface ResolvedVar {
  type: LogicType;
  /** The type of the elements when `type` is 'array' ('any' when unknown). */
  element?: LogicType;
  /** How SQL reads it; absent when the value exists only in JavaScript. */
  sql?: SqlExpr;
  /** SQL true when the path is missing (JSON-logic's default applies), e.g. an empty lookup. */
  missing?: SqlFragment;
}

/**
 * Where a rule's variables come from: a record's typed columns (metadataScope), JSON data
 * (jsonScope) or the elements of an array inside some/all/none/map/filter.
 */
export interface RuleScope {
  resolveVar(path: string): ResolvedVar | undefined;
  /** The whole datum as jsonb, when paths may be computed at run time and `missing` may take any key. */
  root?: SqlExpr;
}
