import { describe, expect, it } from 'vitest';
import { createBuiltinOperators, evaluateRule, truthy } from '../../engine/src/logic/index.ts';
import { ruleHolds } from '../../runtime-ui/src/form/live-rules.ts';
import { conformanceCases } from '../logic/support.ts';

/**
 * The app evaluates layout rules (visible_if, required_if) in the browser with a small evaluator; it must
 * mean what the engine's evaluator means. Every official JsonLogic case it claims to understand agrees,
 * and so do typical layout rules on form data.
 */

const operators = createBuiltinOperators();
const engine = (rule: unknown, data: Record<string, unknown>) => truthy(evaluateRule(rule, data, { operators }));

describe('live layout rules in the app', () => {
  const cases = conformanceCases().filter((c) => typeof c.data === 'object' && c.data !== null && !Array.isArray(c.data));
  const understood = cases.filter((c) => ruleHolds(c.rule, c.data as Record<string, unknown>) !== undefined);

  it('understand the comparisons and logic of most official cases', () => {
    expect(understood.length).toBeGreaterThan(60);
  });

  it.each(understood.map((c) => [c.index, JSON.stringify(c.rule), c] as const))('#%i %s agrees with the engine', (_i, _text, c) => {
    const data = c.data as Record<string, unknown>;
    expect(ruleHolds(c.rule, data)).toBe(engine(c.rule, data));
  });

  const form = { stage: 'lost', amount: { amount: 1200, currency: 'CNY' }, tags: ['hot'], probability: 0, name: 'Acme' };
  const rules: unknown[] = [
    { '==': [{ var: 'stage' }, 'lost'] },
    { '!=': [{ var: 'stage' }, 'won'] },
    { '>': [{ var: 'amount.amount' }, 1000] },
    { and: [{ '==': [{ var: 'stage' }, 'lost'] }, { '!': [{ var: 'probability' }] }] },
    { or: [{ '==': [{ var: 'stage' }, 'won'] }, { in: ['hot', { var: 'tags' }] }] },
    { in: ['cm', { var: 'name' }] },
    { '!!': [{ var: 'missing_field' }] },
    { '==': [{ var: 'missing_field' }, null] },
    { if: [{ '==': [{ var: 'stage' }, 'won'] }, true, { '<=': [{ var: 'probability' }, 10] }] },
  ];
  it.each(rules.map((rule) => [JSON.stringify(rule), rule] as const))('%s agrees with the engine on form data', (_text, rule) => {
    expect(ruleHolds(rule, form)).toBe(engine(rule, form));
  });

  it('says "unknown" for an operation it does not evaluate, so the field stays visible and optional', () => {
    expect(ruleHolds({ days_between: [{ var: 'a' }, { var: 'b' }] }, form)).toBeUndefined();
    expect(ruleHolds({ and: [true, { substr: ['abc', 1] }] }, form)).toBeUndefined();
  });
});
