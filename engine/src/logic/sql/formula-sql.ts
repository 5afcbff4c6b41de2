import type { FormulaReturnType } from '../../field-types/index.ts';
import type { LogicType, RuleScope, SqlExpr } from '../types.ts';
import type { CompileOptions } from './compile-rule.ts';
import { compileValue } from './compile-rule.ts';
import { expr, FLOAT, stringOf, wrap } from './convert.ts';

/** The rule-language type a formula's value has, by its declared return type. */
export const FORMULA_LOGIC_TYPE: Record<FormulaReturnType, LogicType> = { number: 'number', text: 'string', boolean: 'boolean', date: 'date', datetime: 'datetime' };

/** A formula's declared shape, as its field type describes it. */
export interface FormulaShape {
  expression: unknown;
  returnType: FormulaReturnType;
  scale: number;
}

/**
 * A formula's rule compiled in `scope` and cast to its declared type, as the API shows it: numbers
 * rounded to scale (NaN and ±Infinity are null, as JSON has no such numbers), text, boolean, date,
 * timestamptz. A value of another kind than declared (possible only through untyped JSON) is null.
 * Throws the rule's check errors (AppError) like compileValue.
 */
export function compileFormula(shape: FormulaShape, scope: RuleScope, options: CompileOptions): SqlExpr {
  const value = compileValue(shape.expression, scope, options);
  return castFormula(value, shape);
}

function castFormula(e: SqlExpr, shape: FormulaShape): SqlExpr {
  const nothing = (kind: SqlExpr['kind'], type: string) => expr(`null::${type}`, [], kind, true);
  switch (shape.returnType) {
    case 'number': {
      // The scale comes from a validated setting (an integer 0–15); checked again so SQL only ever holds digits.
      if (!Number.isInteger(shape.scale) || shape.scale < 0 || shape.scale > 15) throw new Error(`formula scale ${shape.scale} is not an integer from 0 to 15`);
      const scale = String(shape.scale);
      if (e.kind === 'numeric') return { ...wrap(e, (s) => `round(${s}, ${scale})`), kind: 'numeric', nullable: true };
      if (e.kind === 'float') {
        // nullif keeps the value written once: formulas read by formulas would otherwise double at each step.
        const finite = wrap(e, (s) => `round(nullif(nullif(nullif(${s}, 'NaN'::${FLOAT}), 'Infinity'::${FLOAT}), '-Infinity'::${FLOAT})::numeric, ${scale})`);
        return { ...finite, kind: 'numeric', nullable: true };
      }
      if (e.kind === 'jsonb') return { ...wrap(e, (s) => `(case when jsonb_typeof(${s}) = 'number' then round((${s})::numeric, ${scale}) end)`), kind: 'numeric', nullable: true };
      return nothing('numeric', 'numeric');
    }
    case 'text':
      if (e.kind === 'text' || e.kind === 'date' || e.kind === 'timestamptz' || e.kind === 'uuid' || e.kind === 'jsonb') return { ...stringOf(e), kind: 'text', nullable: true };
      return nothing('text', 'text');
    case 'boolean':
      if (e.kind === 'boolean') return { ...e, nullable: true };
      if (e.kind === 'jsonb') return { ...wrap(e, (s) => `(case when jsonb_typeof(${s}) = 'boolean' then (${s})::boolean end)`), kind: 'boolean', nullable: true };
      return nothing('boolean', 'boolean');
    case 'date':
      if (e.kind === 'date') return { ...e, nullable: true };
      return nothing('date', 'date');
    case 'datetime':
      if (e.kind === 'timestamptz') return { ...e, nullable: true };
      return nothing('timestamptz', 'timestamptz');
  }
}
