import { AppError } from '../kernel/index.ts';
import type { JsEnv } from './operator.ts';
import type { OperatorRegistry } from './operator-registry.ts';
import { MAX_RULE_DEPTH } from './limits.ts';
import { isPlainObject } from './rule-shape.ts';
import type { Rule, RuleContext } from './types.ts';

export interface EvaluateOptions {
  operators: OperatorRegistry;
  ctx?: Partial<RuleContext>;
}

export function ruleContext(ctx: Partial<RuleContext> = {}): RuleContext {
  return { now: ctx.now ?? new Date(), timeZone: ctx.timeZone ?? 'UTC', prior: ctx.prior ?? null, userId: ctx.userId ?? null };
}

/**
 * Evaluates a rule in JavaScript with json-logic-js's semantics, over the operator allowlist only.
 * Rules should have passed checkRule; an unknown operation or too deep a rule still fails safely here.
 */
export function evaluateRule(rule: unknown, data: unknown, options: EvaluateOptions): unknown {
  const ctx = ruleContext(options.ctx);
  const { operators } = options;

  const run = (node: unknown, datum: unknown, depth: number): unknown => {
    if (depth > MAX_RULE_DEPTH && node !== null && typeof node === 'object') throw new AppError('invalid_rule', `The rule is nested more than ${MAX_RULE_DEPTH} levels deep`);
    if (Array.isArray(node)) return node.map((item: unknown) => run(item, datum, depth + 1));
    if (!isPlainObject(node)) return node;
    const keys = Object.keys(node);
    // JSON-logic: an object with other than one key is data, returned as it is.
    if (keys.length !== 1) return node;
    const op = keys[0] as string;
    const operator = operators.get(op);
    if (!operator) throw new AppError('invalid_rule', `Unknown operation "${op}"`, { errors: [{ field: op, message: 'unknown operation', code: 'unknown_operation' }] });
    const raw = node[op];
    const args: unknown[] = Array.isArray(raw) ? raw : [raw];
    const argDepth = Array.isArray(raw) ? depth + 2 : depth + 1;
    const env: JsEnv = { data: datum, ctx, evaluate: (r: Rule, d: unknown = datum) => run(r, d, argDepth) };
    if (operator.lazy) return operator.js(args, env);
    return operator.js(
      args.map((arg) => run(arg, datum, argDepth)),
      env,
    );
  };

  const result = run(rule, data, 1);
  return result === undefined ? null : result;
}
