/**
 * RuleBuilder: a JSON-logic rule (docs/rule-language.md) edited visually — conditions on fields with
 * operators that fit each field's type, AND/OR groups, NOT — or as raw JSON (the switch). A rule the
 * visual builder cannot show exactly opens in raw JSON, so no rule is ever lost or rewritten.
 *
 * Props:
 * - `object`, `objects`: the object the rule reads and every object (for lookup paths);
 * - `value`, `onChange(rule | undefined)`: the rule (undefined = none);
 * - `allowLookups`: offer paths through lookups (`customer.industry`, two levels);
 * - `returnType`: the rule is an expression giving this type (a formula): a non-boolean expression is
 *   raw JSON only (the visual part builds conditions);
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

export function RuleBuilder({ object, objects, value, onChange, allowLookups, returnType, errors }: RuleBuilderProps) {
  const { t } = useT('logic');
  const catalog = useMemo(() => fieldCatalog(object, objects, allowLookups ?? false), [object, objects, allowLookups]);
  const visualAllowed = returnType === undefined || returnType === 'boolean';
  const [state, setState] = useState<{ mode: Mode; tree: GroupNode | undefined; seen: Rule | undefined }>(() => {
    const tree = visualAllowed ? ruleToTree(value, catalog) : undefined;
    return { mode: tree ? 'visual' : 'raw', tree, seen: value };
  });
  const [notShown, setNotShown] = useState(false);
  const emitted = useRef<Rule | undefined>(value);

  // A rule given from outside (not our own echo) is read again; one the builder cannot show goes raw.
  let { mode, tree } = state;
  if (state.seen !== value && !sameJson(state.seen, value)) {
    if (!sameJson(value, emitted.current)) {
      tree = visualAllowed ? ruleToTree(value, catalog) : undefined;
      if (mode === 'visual' && !tree) mode = 'raw';
      emitted.current = value;
    }
    setState({ mode, tree, seen: value });
  }

  const emit = (rule: Rule | undefined) => {
    emitted.current = rule;
    onChange(rule);
  };
  const changeTree = (next: GroupNode) => {
    setState({ mode: 'visual', tree: next, seen: value });
    emit(treeToRule(next, catalog));
  };
  const switchMode = (next: Mode) => {
    if (next === 'raw') return setState({ ...state, mode: 'raw' });
    const parsed = ruleToTree(value, catalog);
    setNotShown(!parsed);
    if (parsed) setState({ mode: 'visual', tree: parsed, seen: value });
  };

  return (
    <div className="rule-builder">
      <Segmented<Mode>
        size="small"
        style={{ marginBottom: 8 }}
        value={mode}
        onChange={switchMode}
        options={[
          { value: 'visual', label: t('visual'), disabled: !visualAllowed },
          { value: 'raw', label: t('rawJson') },
        ]}
      />
      {mode === 'raw' && notShown && <Alert type="warning" showIcon style={{ marginBottom: 8 }} title={t('cannotShow')} closable={{ onClose: () => setNotShown(false) }} />}
      {mode === 'raw' && !visualAllowed && <div className="rule-hint">{t('expressionHint')}</div>}
      {mode === 'visual' && tree ? (
        <>
          <GroupEditor place="" node={tree} catalog={catalog} depth={0} onChange={changeTree} />
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
