import { AppError } from '../../kernel/index.ts';
import type { Operator, SqlCall, TypeCall } from '../operator.ts';
import type { LogicType, SqlExpr, SqlFragment } from '../types.ts';
import { expectTypes } from '../check/type-rules.ts';
import { FLOAT, NAN, expr, jl, join, parseFloatOf, toNumber, wrap } from '../sql/convert.ts';

/**
 * Arithmetic as json-logic-js does it: + and * read their arguments with parseFloat, the others with
 * Number(); results are IEEE doubles (double precision in SQL, through jl_* so overflow is Infinity).
 */

function numbersType(unaryCast: boolean) {
  return (call: TypeCall): LogicType => {
    const allowed: LogicType[] = unaryCast && call.args.length === 1 ? ['number', 'string'] : ['number'];
    call.types.forEach((type, i) => {
      const problem = expectTypes(type, allowed, `argument ${i + 1}`);
      if (problem) call.error(`${problem}; dates use date_add and date_diff`, i);
    });
    return 'number';
  };
}

const float = (f: SqlFragment): SqlExpr => expr(f.sql, f.bindings, 'float');
const constant = (sql: string): SqlExpr => expr(sql, [], 'float');

function fold(parts: SqlFragment[], fn: string): SqlFragment {
  return parts.slice(1).reduce((acc, part) => join([acc, part], ([a, b]) => `${jl(fn)}(${a}, ${b})`), parts[0] as SqlFragment);
}

function numbers(call: SqlCall, read: (e: SqlExpr) => SqlFragment): SqlFragment[] {
  return call.args.map((_, i) => read(call.value(i)));
}

function extreme(pick: 'least' | 'greatest') {
  return (call: SqlCall): SqlExpr => {
    if (call.args.length === 0) return constant(`'${pick === 'least' ? '' : '-'}Infinity'::${FLOAT}`);
    const xs = numbers(call, toNumber);
    const anyNaN = join(xs, (s) => s.map((x) => `${x} = ${NAN}`).join(' or '));
    return float(join([anyNaN, join(xs, (s) => `${pick}(${s.join(', ')})`)], ([nan, value]) => `(case when ${nan} then ${NAN} else ${value} end)`));
  };
}

// JavaScript's arithmetic operators are the specification; the casts only satisfy TypeScript.
type Num = number;
const pf = (value: unknown): number => parseFloat(String(value));

export const arithmeticOperators: Operator[] = [
  {
    name: '+',
    summary: 'sum (parseFloat of each argument); {"+": "3"} casts text to a number',
    arity: { min: 1 },
    js: (args) => args.reduce<number>((a, b) => pf(a) + pf(b), 0),
    type: numbersType(true),
    sql: { value: (call) => float(fold(numbers(call, parseFloatOf), 'add')) },
  },
  {
    name: '*',
    summary: 'product (parseFloat of each argument)',
    arity: { min: 1 },
    js: (args) => {
      if (args.length === 0) throw new AppError('invalid_rule', '"*" needs at least one argument');
      return args.reduce((a, b) => pf(a) * pf(b));
    },
    type: (call) => (call.args.length === 1 ? (call.types[0] ?? 'any') : numbersType(false)(call)),
    // One argument comes back unchanged, as Array.prototype.reduce returns it.
    sql: { value: (call) => (call.args.length === 1 ? call.value(0) : float(fold(numbers(call, parseFloatOf), 'mul'))) },
  },
  {
    name: '-',
    summary: 'difference; one argument: negation',
    arity: { min: 1, max: 2 },
    js: ([a, b]) => (b === undefined ? -(a as Num) : (a as Num) - (b as Num)),
    type: numbersType(true),
    sql: {
      value: (call) => {
        const [a, b] = numbers(call, toNumber) as [SqlFragment, SqlFragment | undefined];
        return float(b === undefined ? wrap(a, (s) => `(- ${s})`) : join([a, b], ([x, y]) => `${jl('add')}(${x}, - ${y})`));
      },
    },
  },
  {
    name: '/',
    summary: 'quotient (x / 0 is Infinity, 0 / 0 NaN)',
    arity: { min: 2, max: 2 },
    js: ([a, b]) => (a as Num) / (b as Num),
    type: numbersType(false),
    sql: { value: (call) => (call.args.length < 2 ? constant(NAN) : float(join(numbers(call, toNumber).slice(0, 2), ([x, y]) => `${jl('div')}(${x}, ${y})`))) },
  },
  {
    name: '%',
    summary: 'remainder, with the sign of the dividend',
    arity: { min: 2, max: 2 },
    js: ([a, b]) => (a as Num) % (b as Num),
    type: numbersType(false),
    sql: { value: (call) => (call.args.length < 2 ? constant(NAN) : float(join(numbers(call, toNumber).slice(0, 2), ([x, y]) => `${jl('mod')}(${x}, ${y})`))) },
  },
  {
    name: 'min',
    summary: 'smallest number (NaN if any argument is not a number)',
    arity: { min: 1 },
    js: (args) => Math.min(...(args as Num[])),
    type: numbersType(false),
    sql: { value: extreme('least') },
  },
  {
    name: 'max',
    summary: 'largest number',
    arity: { min: 1 },
    js: (args) => Math.max(...(args as Num[])),
    type: numbersType(false),
    sql: { value: extreme('greatest') },
  },
];
