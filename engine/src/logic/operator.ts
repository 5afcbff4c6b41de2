import type { LogicType, ResolvedVar, Rule, RuleContext, RuleScope, SqlExpr, SqlFragment } from './types.ts';

/** What a JavaScript implementation may use besides its arguments. */
export interface JsEnv {
  /** The datum the operation is applied to (the record, or an element inside map/filter/…). */
  data: unknown;
  ctx: RuleContext;
  /** Evaluates a rule, against `data` unless other data is given (lazy operators). */
  evaluate(rule: Rule, data?: unknown): unknown;
}

/** Variables as the checker sees them. `dynamic`: JSON data of unknown shape, so any path may exist. */
export interface TypeScope {
  resolveVar(path: string): ResolvedVar | undefined;
  dynamic: boolean;
  /** Variables here must carry SQL in mode 'sql' (false inside element scopes, which the compiler builds itself). */
  needsSql: boolean;
}

/** One operation being checked: its arguments' inferred types and a way to report problems. */
export interface TypeCall {
  op: string;
  args: Rule[];
  /** Inferred argument types; scoped arguments stay 'any' until the operator infers them with `inferIn`. */
  types: LogicType[];
  mode: 'js' | 'sql';
  scope: TypeScope;
  inferIn(index: number, scope: TypeScope): LogicType;
  /** Reports a problem at the operation (no index) or at one argument. */
  error(message: string, index?: number, code?: string): void;
}

/** One operation being compiled to SQL. */
export interface SqlCall {
  op: string;
  args: Rule[];
  scope: RuleScope;
  ctx: RuleContext;
  value(index: number): SqlExpr;
  /** A boolean fragment in which SQL NULL means false (WHERE semantics). */
  condition(index: number): SqlFragment;
  valueIn(index: number, scope: RuleScope): SqlExpr;
  conditionIn(index: number, scope: RuleScope): SqlFragment;
  /** A table alias no other part of the statement uses. */
  alias(): string;
  /** Refuses the rule, naming this operation (or one argument) in the error. */
  fail(message: string, index?: number): never;
}

export interface SqlImpl {
  /** The exact JavaScript value, as SQL of some kind. */
  value(call: SqlCall): SqlExpr;
  /** The value's truthiness, where SQL NULL may stand for false; defaults to truthy(value). Lets comparisons stay sargable. */
  condition?(call: SqlCall): SqlFragment;
}

/** Marks an operator that has no SQL form, with the reason given to whoever needs one. */
export interface JsOnly {
  jsOnly: string;
}

/**
 * An allowlisted operation. Built-ins and plugins register the same shape; the contract suite
 * (tests/logic/operator-contract.test.ts) holds every registered operator to it.
 */
export interface Operator {
  readonly name: string;
  readonly arity: { min: number; max?: number };
  /** The JavaScript implementation receives the raw rule arguments and evaluates them itself (if, and, map…). */
  readonly lazy?: boolean;
  /** Argument indexes the `type` function checks itself in an element scope (map, filter, some…). */
  readonly scoped?: readonly number[];
  js(args: readonly unknown[], env: JsEnv): unknown;
  type(call: TypeCall): LogicType;
  readonly sql: SqlImpl | JsOnly;
  /** One line for docs and errors. */
  readonly summary: string;
}

export function isJsOnly(sql: SqlImpl | JsOnly): sql is JsOnly {
  return 'jsOnly' in sql;
}
