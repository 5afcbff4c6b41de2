import { Button, Checkbox, Select, Space } from 'antd';
import { label, type Locale } from '../../../runtime-ui/src/api/types.ts';
import { useLocale, useT } from '../i18n/index.ts';
import type { FieldOption } from './field-catalog.ts';
import { OPERATORS, arity, operatorKey, type OperatorId } from './rule-operators.ts';
import type { ConditionNode } from './rule-tree.ts';
import { ConditionValue } from './condition-value.tsx';

/** The words for a path: "Customer › Industry". */
export function pathLabel(field: FieldOption, locale: Locale): string {
  return field.labels.map((l) => label(l, locale)).join(' › ');
}

interface Props {
  /** "Condition 2.1": names its controls for assistive technology (and tests). */
  name: string;
  node: ConditionNode;
  catalog: FieldOption[];
  onChange(node: ConditionNode): void;
  onRemove(): void;
}

/** One condition: field — operator — value, with NOT. */
export function ConditionEditor({ name, node, catalog, onChange, onRemove }: Props) {
  const { t } = useT('logic');
  const { locale } = useLocale();
  const field = catalog.find((f) => f.path === node.path);
  const setField = (path: string) => {
    const next = catalog.find((f) => f.path === path);
    if (!next) return;
    const keep = field?.kind === next.kind && OPERATORS[next.kind].includes(node.op);
    onChange(keep ? { ...node, path } : { kind: 'condition', not: node.not, path, op: OPERATORS[next.kind][0] as OperatorId });
  };
  const setOp = (op: OperatorId) => {
    const same = arity(op) === arity(node.op) && op !== 'last_days' && op !== 'next_days' && node.op !== 'last_days' && node.op !== 'next_days';
    onChange(same ? { ...node, op } : { kind: 'condition', not: node.not, path: node.path, op });
  };
  return (
    <Space className="rule-condition" wrap>
      <Checkbox aria-label={`${name}: ${t('notCondition')}`} checked={node.not} onChange={(e) => onChange({ ...node, not: e.target.checked })}>
        {t('not')}
      </Checkbox>
      <Select
        aria-label={`${name} ${t('field')}`}
        className="rule-field"
        showSearch={{ optionFilterProp: 'search' }}
        style={{ minWidth: 200 }}
        value={node.path || undefined}
        placeholder={t('field')}
        onChange={setField}
        options={catalog.map((f) => ({ value: f.path, search: `${pathLabel(f, locale)} ${f.path}`, label: pathLabel(f, locale) }))}
      />
      {field && (
        <Select<OperatorId>
          aria-label={`${name} ${t('operator')}`}
          className="rule-operator"
          style={{ minWidth: 150 }}
          value={node.op}
          onChange={setOp}
          options={OPERATORS[field.kind].map((op) => ({ value: op, label: t(operatorKey(op, field.kind)) }))}
        />
      )}
      {field && (
        <ConditionValue
          name={name}
          field={field}
          op={node.op}
          value={node.value}
          value2={node.value2}
          onChange={(value, value2) => onChange({ ...node, value, ...(value2 !== undefined ? { value2 } : {}) })}
        />
      )}
      <Button size="small" type="text" danger onClick={onRemove} aria-label={`${name}: ${t('removeCondition')}`}>
        ✕
      </Button>
    </Space>
  );
}
