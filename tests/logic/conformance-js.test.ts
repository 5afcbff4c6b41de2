import { describe, expect, it } from 'vitest';
import { createBuiltinOperators, evaluateRule } from '../../engine/src/logic/index.ts';
import { conformanceCases } from './support.ts';

const operators = createBuiltinOperators();
const cases = conformanceCases();

describe('JsonLogic conformance suite on the JavaScript evaluator', () => {
  it('holds all 278 official cases', () => {
    expect(cases).toHaveLength(278);
  });

  it.each(cases.map((c) => [c.index, c.section, JSON.stringify(c.rule), c] as const))('#%i %s %s', (_i, _section, _text, c) => {
    expect(evaluateRule(c.rule, c.data, { operators })).toEqual(c.expected);
  });
});
