/**
 * RuleBuilder: a JSON-logic rule (docs/rule-language.md) edited visually — conditions on fields with
 * operators that fit each field's type, AND/OR groups, NOT — or as raw JSON (the switch). A rule the
 * visual builder cannot show exactly opens in raw JSON, so no rule is ever lost or rewritten.
 *
 * Props:
 * - `object`, `objects`: the object the rule reads and every object (for lookup paths);
 * - `value`, `onChange(rule | undefined)`: the rule (undefined = none);
 * - `allowLookups`: offer paths through lookups (`customer.industry`, two levels);
 * - `returnType`: the rule is an expression giving this type (a formula): a yes/no formula is built as
 *   conditions, a number, text, date or date/time as an expression (fields, values, operations, if);
 * - `errors`: the engine's errors for this rule, paths relative to the rule (see `errorsUnder`).
 */
import { useMemo, useRef, useState } from 'react';
import { Alert, Segmented } from 'antd';
import type { ObjectDef, Rule } from '../api.ts';
import type { FieldProblem } from '../../../runtime-ui/src/api/client.ts';
import { useT } from '../i18n/index.ts';
import { fieldCatalog } from './field-catalog.ts';
import { GroupEditor } from './group-editor.tsx';
import { RawRuleEditor } from './raw-rule-editor.tsx';
import { RuleErrors } from './rule-errors.tsx';
import { ruleToTree, sameJson, treeToRule, type GroupNode } from './rule-tree.ts';
import { exprToRule, ruleToExpr, type ExprKind, type ExprNode } from './expression-tree.ts';
import { ExpressionEditor } from './expression-editor.tsx';
import './rule-builder.css';

export { errorsUnder } from './rule-errors.tsx';

export interface RuleBuilderProps {
  object: ObjectDef;
  objects: ObjectDef[];
  value: Rule | undefined;
  onChange(rule: Rule | undefined): void;
  allowLookups?: boolean;
  returnType?: string;
  errors?: FieldProblem[];
}

type Mode = 'visual' | 'raw';

/** What the visual part edits: conditions (rules and yes/no formulas) or an expression of a kind. */
type Visual = { kind: 'conditions'; tree: GroupNode } | { kind: 'expression'; node: ExprNode };

/**
 * What the visual part builds for a rule giving `returnType` (a formula's result type, or a field type for a
 * default): conditions for yes/no, an expression for numbers, text and dates; nothing (raw JSON) otherwise.
 */
function visualShape(returnType: string | undefined): ExprKind | 'conditions' | undefined {
  if (returnType === undefined || returnType === 'boolean') return 'conditions';
  if (['number', 'integer', 'decimal', 'percent'].includes(returnType)) return 'number';
  if (['text', 'long_text', 'email', 'phone', 'url'].includes(returnType)) return 'text';
  if (returnType === 'date' || returnType === 'datetime') return returnType;
  return undefined;
}

export function RuleBuilder({ object, objects, value, onChange, allowLookups, returnType, errors }: RuleBuilderProps) {
  const { t } = useT('logic');
  const catalog = useMemo(() => fieldCatalog(object, objects, allowLookups ?? false), [object, objects, allowLookups]);
  const shape = visualShape(returnType);
  const exprKind = shape === 'conditions' ? undefined : shape;
  const read = (rule: Rule | undefined): Visual | undefined => {
    if (shape === undefined) return undefined;
    if (exprKind) {
      const node = ruleToExpr(rule, exprKind, catalog);
      return node && { kind: 'expression', node };
    }
    const tree = ruleToTree(rule, catalog);
    return tree && { kind: 'conditions', tree };
  };
  const [state, setState] = useState<{ mode: Mode; visual: Visual | undefined; seen: Rule | undefined; shape: string | undefined }>(() => {
    const visual = read(value);
    return { mode: visual ? 'visual' : 'raw', visual, seen: value, shape };
  });
  const [notShown, setNotShown] = useState(false);
  const emitted = useRef<Rule | undefined>(value);

  // A rule given from outside (not our own echo), or a formula's new result type, is read again; one the
  // builder cannot show goes raw.
  let { mode, visual } = state;
  const newShape = state.shape !== shape;
  if (newShape || (state.seen !== value && !sameJson(state.seen, value))) {
    if (newShape || !sameJson(value, emitted.current)) {
      visual = read(value);
      if (mode === 'visual' && !visual) mode = 'raw';
      emitted.current = value;
    }
    setState({ mode, visual, seen: value, shape });
  }

  const emit = (rule: Rule | undefined) => {
    emitted.current = rule;
    onChange(rule);
  };
  const changeVisual = (next: Visual) => {
    setState({ mode: 'visual', visual: next, seen: value, shape });
    if (next.kind === 'conditions') emit(treeToRule(next.tree, catalog));
    else emit(next.node.kind === 'empty' ? undefined : exprToRule(next.node, catalog));
  };
  const switchMode = (next: Mode) => {
    if (next === 'raw') return setState({ ...state, mode: 'raw' });
    const parsed = read(value);
    setNotShown(!parsed);
    if (parsed) setState({ mode: 'visual', visual: parsed, seen: value, shape });
  };

  return (
    <div className="rule-builder">
      <Segmented<Mode>
        size="small"
        style={{ marginBottom: 8 }}
        value={mode}
        onChange={switchMode}
        options={[
          { value: 'visual', label: t('visual'), disabled: shape === undefined },
          { value: 'raw', label: t('rawJson') },
        ]}
      />
      {mode === 'raw' && notShown && <Alert type="warning" showIcon style={{ marginBottom: 8 }} title={t('cannotShow')} closable={{ onClose: () => setNotShown(false) }} />}
      {mode === 'raw' && returnType !== undefined && returnType !== 'boolean' && <div className="rule-hint">{t('expressionHint')}</div>}
      {mode === 'visual' && visual ? (
        <>
          {visual.kind === 'conditions' ? (
            <GroupEditor place="" node={visual.tree} catalog={catalog} depth={0} onChange={(tree) => changeVisual({ kind: 'conditions', tree })} />
          ) : (
            <ExpressionEditor name={t('expression')} node={visual.node} slot={exprKind ?? 'number'} catalog={catalog} depth={0} onChange={(node) => changeVisual({ kind: 'expression', node })} />
          )}
          <div className="rule-preview-json">
            <code>{value === undefined ? t('noRule') : JSON.stringify(value)}</code>
          </div>
        </>
      ) : (
        <RawRuleEditor value={value} onChange={emit} />
      )}
      <RuleErrors errors={errors} />
    </div>
  );
}
