import { AppError, type ErrorCode, type JsonValue } from '../../kernel/index.ts';
import { checkRule, ruleError } from '../check/check-rule.ts';
import { isJsOnly, type SqlCall } from '../operator.ts';
import type { OperatorRegistry } from '../operator-registry.ts';
import { ruleContext } from '../evaluate.ts';
import { argPath, isPlainObject, operationOf, opPath } from '../rule-shape.ts';
import type { Rule, RuleContext, RuleScope, SqlExpr, SqlFragment } from '../types.ts';
import { expr, jsonLiteral, literalExpr, toJsonb, truthyOf } from './convert.ts';

export interface CompileOptions {
  operators: OperatorRegistry;
  /** The clock and time zone the rule runs with: `now` is bound as a parameter, so both backends agree. */
  ctx?: Partial<RuleContext>;
  /** The catalogue code of every refusal (a list filter uses invalid_filter); default invalid_rule / rule_not_compilable. */
  errorCode?: ErrorCode;
  /** Refuse type mismatches (default true). */
  strictTypes?: boolean;
}

/** Compiles checked rules; one instance per statement so table aliases stay unique. */
class Compiler {
  private aliases = 0;
  constructor(
    private readonly operators: OperatorRegistry,
    private readonly ctx: RuleContext,
    private readonly errorCode: ErrorCode | undefined,
  ) {}

  value(rule: Rule, path: string, scope: RuleScope): SqlExpr {
    if (Array.isArray(rule)) {
      if (rule.length === 0) return expr(`'[]'::jsonb`, [], 'jsonb');
      const items = rule.map((item, i) => toJsonb(this.value(item, path === '' ? String(i) : `${path}.${i}`, scope)));
      return expr(`jsonb_build_array(${items.map((i) => i.sql).join(', ')})`, items.flatMap((i) => i.bindings), 'jsonb');
    }
    if (rule === null || typeof rule !== 'object') return literalExpr(rule);
    const call = this.call(rule, path, scope);
    if (!call) return jsonLiteral(rule as JsonValue);
    return this.impl(call).value(call);
  }

  condition(rule: Rule, path: string, scope: RuleScope): SqlFragment {
    const call = isPlainObject(rule) ? this.call(rule, path, scope) : undefined;
    if (call) {
      const impl = this.impl(call);
      if (impl.condition) return impl.condition(call);
      return truthyOf(impl.value(call));
    }
    return truthyOf(this.value(rule, path, scope));
  }

  private impl(call: SqlCall) {
    const operator = this.operators.get(call.op);
    if (!operator || isJsOnly(operator.sql)) return call.fail(`"${call.op}" cannot run in the database`);
    return operator.sql;
  }

  private call(rule: Rule, path: string, scope: RuleScope): SqlCall | undefined {
    const operation = operationOf(rule);
    if (!operation) return undefined;
    const { op, args } = operation;
    const at = (i: number) => argPath(path, op, i);
    const arg = (i: number): Rule => (args[i] === undefined ? null : (args[i] as Rule));
    return {
      op,
      args,
      scope,
      ctx: this.ctx,
      value: (i) => this.value(arg(i), at(i), scope),
      condition: (i) => this.condition(arg(i), at(i), scope),
      valueIn: (i, inner) => this.value(arg(i), at(i), inner),
      conditionIn: (i, inner) => this.condition(arg(i), at(i), inner),
      alias: () => `jl_e${++this.aliases}`,
      fail: (message, index) => {
        const field = index === undefined ? opPath(path, op) : at(index);
        throw new AppError(this.errorCode ?? 'rule_not_compilable', `At ${field}: ${message}`, { errors: [{ field, message, code: 'not_compilable' }] });
      },
    };
  }
}

function prepare(rule: unknown, scope: RuleScope, options: CompileOptions): Compiler {
  const check = checkRule(rule, { resolveVar: (p) => scope.resolveVar(p), root: scope.root, mode: 'sql', operators: options.operators, types: options.strictTypes ?? true });
  if (!check.ok) throw ruleError(check, options.errorCode);
  return new Compiler(options.operators, ruleContext(options.ctx), options.errorCode);
}

/** A rule as an SQL condition for WHERE: true where JavaScript finds the rule truthy (SQL NULL counts as false). */
export function compileCondition(rule: unknown, scope: RuleScope, options: CompileOptions): SqlFragment {
  const condition = prepare(rule, scope, options).condition(rule as Rule, '', scope);
  return { sql: condition.sql, bindings: condition.bindings };
}

/** A rule as an SQL value of the kind it yields (formulas, sort keys). SQL NULL is JavaScript null. */
export function compileValue(rule: unknown, scope: RuleScope, options: CompileOptions): SqlExpr {
  return prepare(rule, scope, options).value(rule as Rule, '', scope);
}

/** A rule as jsonb holding exactly the JavaScript value (dates as their strings). */
export function compileJson(rule: unknown, scope: RuleScope, options: CompileOptions): SqlFragment {
  const value = compileValue(rule, scope, options);
  const json = toJsonb(value);
  return { sql: json.sql, bindings: json.bindings };
}
