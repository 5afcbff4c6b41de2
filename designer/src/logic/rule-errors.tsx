import { Alert } from 'antd';
import type { FieldProblem } from '../../../runtime-ui/src/api/client.ts';

/** The engine's errors about one rule, each with its place in the rule (`and.1.==.0.var`). */
export function RuleErrors({ errors }: { errors: FieldProblem[] | undefined }) {
  if (!errors || errors.length === 0) return null;
  return (
    <Alert
      className="rule-errors"
      type="error"
      showIcon
      title={
        <ul className="rule-error-list">
          {errors.map((e, i) => (
            <li key={i}>
              {e.field ? <code className="rule-error-path">{e.field}</code> : null} {e.message}
              {e.code ? <small> ({e.code})</small> : null}
            </li>
          ))}
        </ul>
      }
    />
  );
}

/**
 * The errors of a larger definition that concern one rule inside it, with paths relative to the rule:
 * under `validation_rules.0.condition`, `validation_rules.0.condition.and.1.var` becomes `and.1.var`.
 */
export function errorsUnder(errors: FieldProblem[] | undefined, prefix: string): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const e of errors ?? []) {
    if (e.field === prefix) out.push({ ...e, field: '' });
    else if (e.field.startsWith(`${prefix}.`)) out.push({ ...e, field: e.field.slice(prefix.length + 1) });
  }
  return out;
}
