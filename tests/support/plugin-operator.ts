import type { Operator } from '../../engine/src/logic/index.ts';

/** An operation a plugin could register: twice a number (null counts as 0, as Number(null) does), in JavaScript and SQL. */
export const doubleOperator: Operator = {
  name: 'double',
  summary: 'twice a number',
  arity: { min: 1, max: 1 },
  js: ([n]) => 2 * Number(n),
  type: () => 'number',
  sql: {
    value: (call) => {
      const n = call.value(0);
      return { sql: `(2 * coalesce((${n.sql})::double precision, 0))`, bindings: n.bindings, kind: 'float', nullable: false };
    },
  },
};
