import { Button, Checkbox, Segmented, Space } from 'antd';
import { useT } from '../i18n/index.ts';
import type { FieldOption } from './field-catalog.ts';
import { OPERATORS, type OperatorId } from './rule-operators.ts';
import type { ConditionNode, GroupNode, RuleNode } from './rule-tree.ts';
import { ConditionEditor } from './condition-editor.tsx';

interface Props {
  /** '' for the root, '2' for its second child… */
  place: string;
  node: GroupNode;
  catalog: FieldOption[];
  onChange(node: GroupNode): void;
  onRemove?: () => void;
  depth: number;
}

/** A new condition: the first field, its first operator, no value yet. */
function newCondition(catalog: FieldOption[]): ConditionNode {
  const first = catalog[0];
  return { kind: 'condition', not: false, path: first?.path ?? '', op: first ? (OPERATORS[first.kind][0] as OperatorId) : 'eq' };
}

/** An AND/OR group of conditions and groups, with NOT; groups nest. */
export function GroupEditor({ place, node, catalog, onChange, onRemove, depth }: Props) {
  const { t } = useT('logic');
  const setChild = (i: number, child: RuleNode) => onChange({ ...node, children: node.children.map((c, j) => (j === i ? child : c)) });
  const removeChild = (i: number) => onChange({ ...node, children: node.children.filter((_, j) => j !== i) });
  const placeOf = (i: number) => (place ? `${place}.${i + 1}` : String(i + 1));
  const groupName = place ? t('groupN', { n: place }) : t('rootGroup');
  return (
    <div className={`rule-group rule-depth-${depth % 2}`} data-depth={depth}>
      <Space className="rule-group-head" wrap>
        <Checkbox aria-label={`${groupName}: ${t('notGroup')}`} checked={node.not} onChange={(e) => onChange({ ...node, not: e.target.checked })}>
          {t('not')}
        </Checkbox>
        <Segmented<'and' | 'or'>
          size="small"
          aria-label={`${groupName}: ${t('combine')}`}
          value={node.op}
          onChange={(op) => onChange({ ...node, op })}
          options={[
            { value: 'and', label: t('all') },
            { value: 'or', label: t('any') },
          ]}
        />
        {onRemove && (
          <Button size="small" type="text" danger onClick={onRemove} aria-label={`${groupName}: ${t('removeGroup')}`}>
            {t('removeGroup')}
          </Button>
        )}
      </Space>
      <div className="rule-children">
        {node.children.map((child, i) =>
          child.kind === 'group' ? (
            <GroupEditor key={i} place={placeOf(i)} node={child} catalog={catalog} depth={depth + 1} onChange={(c) => setChild(i, c)} onRemove={() => removeChild(i)} />
          ) : (
            <ConditionEditor key={i} name={t('conditionN', { n: placeOf(i) })} node={child} catalog={catalog} onChange={(c) => setChild(i, c)} onRemove={() => removeChild(i)} />
          ),
        )}
      </div>
      <Space>
        <Button size="small" aria-label={`${groupName}: ${t('addCondition')}`} onClick={() => onChange({ ...node, children: [...node.children, newCondition(catalog)] })}>
          {t('addCondition')}
        </Button>
        {depth < 4 && (
          <Button size="small" aria-label={`${groupName}: ${t('addGroup')}`} onClick={() => onChange({ ...node, children: [...node.children, { kind: 'group', not: false, op: node.op === 'and' ? 'or' : 'and', children: [newCondition(catalog)] }] })}>
            {t('addGroup')}
          </Button>
        )}
      </Space>
    </div>
  );
}
