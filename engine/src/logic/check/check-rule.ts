import { AppError, jsonDepthExceeds, type ErrorCode, type FieldError } from '../../kernel/index.ts';
import type { OperatorRegistry } from '../operator-registry.ts';
import { isJsOnly, type TypeCall, type TypeScope } from '../operator.ts';
import { MAX_OPERATION_ARGUMENTS, MAX_RULE_BYTES, MAX_RULE_DEPTH, MAX_RULE_OPERATIONS } from '../limits.ts';
import { argPath, operationOf, opPath } from '../rule-shape.ts';
import type { LogicType, ResolvedVar, Rule, SqlExpr } from '../types.ts';
import { typeOfLiteral } from './type-rules.ts';

export interface CheckOptions {
  /** A field's type (and SQL, for mode 'sql') by `var` path; undefined when no such field. */
  resolveVar(path: string): ResolvedVar | undefined;
  /** 'sql': the rule must also compile to SQL (no JS-only operators, every variable readable in SQL). */
  mode: 'js' | 'sql';
  /** JSON data of unknown shape: every path may exist and paths may be computed. Implied by `root`. */
  dynamic?: boolean;
  root?: SqlExpr;
  operators: OperatorRegistry;
  /** Report type mismatches (default true). */
  types?: boolean;
}

export interface RuleCheck {
  ok: boolean;
  /** The inferred type of the rule's value. */
  type: LogicType;
  /** Each problem names its place in the rule, e.g. `and.1.==.0.var`. */
  errors: FieldError[];
}

const MAX_ERRORS = 50;

/** Checks a rule when it is saved (or before it is compiled): shape, allowlist, variables, types, bounds. */
export function checkRule(rule: unknown, options: CheckOptions): RuleCheck {
  const errors: FieldError[] = [];
  const report = (field: string, message: string, code: string) => {
    if (errors.length < MAX_ERRORS) errors.push({ field, message, code });
  };
  if (jsonDepthExceeds(rule, MAX_RULE_DEPTH)) {
    report('', `the rule is nested more than ${MAX_RULE_DEPTH} levels deep`, 'too_deep');
    return { ok: false, type: 'any', errors };
  }
  const text = JSON.stringify(rule) as string | undefined;
  if (text === undefined) {
    report('', 'a rule is JSON: null, a boolean, a number, a string, a list or an object', 'invalid_rule');
    return { ok: false, type: 'any', errors };
  }
  if (Buffer.byteLength(text) > MAX_RULE_BYTES) {
    report('', `the rule is larger than ${MAX_RULE_BYTES / 1024} KB`, 'too_large');
    return { ok: false, type: 'any', errors };
  }
  const checkTypes = options.types ?? true;
  let operations = 0;

  const walk = (node: Rule, path: string, scope: TypeScope): LogicType => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => walk(item, path === '' ? String(i) : `${path}.${i}`, scope));
      return 'array';
    }
    if (node === null || typeof node !== 'object') return typeOfLiteral(node);
    const operation = operationOf(node);
    if (!operation) {
      report(path, 'an operation is an object with exactly one key, such as {"==": [{"var": "status"}, "new"]}', 'invalid_operation');
      return 'any';
    }
    const { op, args } = operation;
    const at = opPath(path, op);
    if (++operations > MAX_RULE_OPERATIONS) {
      if (operations === MAX_RULE_OPERATIONS + 1) report(at, `the rule has more than ${MAX_RULE_OPERATIONS} operations`, 'too_large');
      return 'any';
    }
    if (args.length > MAX_OPERATION_ARGUMENTS) {
      report(at, `"${op}" takes at most ${MAX_OPERATION_ARGUMENTS} arguments, not ${args.length} (a list of values counts as one)`, 'too_large');
      return 'any';
    }
    const operator = options.operators.get(op);
    if (!operator) {
      report(at, `unknown operation "${op}"`, 'unknown_operation');
      return 'any';
    }
    const { min, max } = operator.arity;
    if (args.length < min || (max !== undefined && args.length > max)) {
      const range = max === undefined ? `at least ${min}` : min === max ? `${min}` : `${min} to ${max}`;
      report(at, `"${op}" takes ${range} argument${range === '1' ? '' : 's'}, not ${args.length}`, 'arity');
      return 'any';
    }
    if (options.mode === 'sql' && isJsOnly(operator.sql)) report(at, `"${op}" cannot run in the database: ${operator.sql.jsOnly}`, 'not_compilable');
    const types = args.map((arg, i): LogicType => (operator.scoped?.includes(i) ? 'any' : walk(arg, argPath(path, op, i), scope)));
    const call: TypeCall = {
      op,
      args,
      types,
      mode: options.mode,
      scope,
      inferIn: (i, inner) => walk(args[i] as Rule, argPath(path, op, i), inner),
      error: (message, index, code = 'type_mismatch') => {
        if (code === 'type_mismatch' && !checkTypes) return;
        report(index === undefined ? at : argPath(path, op, index), message, code);
      },
    };
    return operator.type(call);
  };

  const scope: TypeScope = { resolveVar: options.resolveVar, dynamic: options.dynamic ?? options.root !== undefined, needsSql: true };
  const type = walk(rule as Rule, '', scope);
  return { ok: errors.length === 0, type, errors };
}

/** The error a failed check becomes: `code` when given, else rule_not_compilable if only SQL was the problem. */
export function ruleError(check: RuleCheck, code?: ErrorCode): AppError {
  const onlySql = check.errors.every((e) => e.code === 'not_compilable');
  const chosen: ErrorCode = code ?? (onlySql ? 'rule_not_compilable' : 'invalid_rule');
  const first = check.errors[0];
  const detail = first ? `${first.field === '' ? 'The rule' : `At ${first.field}`}: ${first.message}` : 'The rule is not valid';
  return new AppError(chosen, detail, { errors: check.errors });
}
