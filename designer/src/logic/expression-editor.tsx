import { Button, DatePicker, Input, InputNumber, Select, Space } from 'antd';
import dayjs from 'dayjs';
import { useLocale, useT } from '../i18n/index.ts';
import type { FieldOption } from './field-catalog.ts';
import { pathLabel } from './condition-editor.tsx';
import { GroupEditor } from './group-editor.tsx';
import { emptyRoot } from './rule-tree.ts';
import { argSlot, EMPTY, EXPR_OPS, fieldFits, fits, literalOf, maxArgs, newOp, opsFor, type ExprNode, type ExprOpId, type Slot } from './expression-tree.ts';

interface Props {
  /** "Expression", "Expression 2", "Expression 2.1": names the part's controls (assistive technology, tests). */
  name: string;
  node: ExprNode;
  slot: Slot;
  catalog: FieldOption[];
  onChange(node: ExprNode): void;
  depth: number;
}

type Part = 'field' | 'value' | 'if' | `op:${ExprOpId}`;

function partOf(node: ExprNode): Part | undefined {
  if (node.kind === 'empty') return undefined;
  return node.kind === 'op' ? `op:${node.op}` : node.kind;
}

/**
 * One part of a formula — a field, a value, an operation on other parts, or "if … then … else" — in a
 * slot of a kind (a number, text, a date…). Operations nest: each argument is an ExpressionEditor again.
 */
export function ExpressionEditor({ name, node, slot, catalog, onChange, depth }: Props) {
  const { t } = useT('logic');
  const { locale } = useLocale();
  const fields = catalog.filter((f) => fieldFits(f.kind, slot));
  const literal = literalOf(slot);

  const choose = (part: Part) => {
    if (part === 'field') return onChange({ kind: 'field', path: fields[0]?.path ?? '' });
    if (part === 'value') return onChange({ kind: 'value', value: literal === 'number' ? 0 : literal === 'date' ? dayjs().format('YYYY-MM-DD') : '' });
    if (part === 'if') return onChange({ kind: 'if', condition: emptyRoot(), then: fits(node, slot, catalog) ? node : EMPTY, else: EMPTY });
    onChange(newOp(part.slice(3) as ExprOpId, node, catalog));
  };
  const parts = [
    ...(fields.length ? [{ value: 'field', label: t('exprField') }] : []),
    ...(literal ? [{ value: 'value', label: t('exprValue') }] : []),
    { value: 'if', label: t('expr_if') },
    ...opsFor(slot).map((id) => ({ value: `op:${id}`, label: t(`expr_${id}`) })),
  ];

  return (
    <div className={`expr-part expr-depth-${depth % 2}`} data-part={name}>
      <Space wrap>
        <Select<Part> aria-label={name} className="expr-choice" showSearch={{ optionFilterProp: 'label' }} style={{ minWidth: 190 }} placeholder={t('exprChoose')} value={partOf(node)} onChange={choose} options={parts as { value: Part; label: string }[]} />
        {node.kind === 'field' && (
          <Select
            aria-label={`${name} ${t('field')}`}
            showSearch={{ optionFilterProp: 'search' }}
            style={{ minWidth: 200 }}
            value={node.path || undefined}
            onChange={(path: string) => onChange({ kind: 'field', path })}
            options={fields.map((f) => ({ value: f.path, search: `${pathLabel(f, locale)} ${f.path}`, label: pathLabel(f, locale) }))}
          />
        )}
        {node.kind === 'value' && <LiteralInput aria={`${name} ${t('value')}`} literal={literal} value={node.value} onChange={(value) => onChange({ kind: 'value', value })} />}
        {node.kind === 'op' && EXPR_OPS[node.op].units && (
          <Select
            aria-label={`${name} ${t('exprUnit')}`}
            style={{ minWidth: 110 }}
            value={node.unit}
            onChange={(unit: string) => onChange({ ...node, unit })}
            options={(EXPR_OPS[node.op].units ?? []).map((u) => ({ value: u, label: t(`unit_${u}`) }))}
          />
        )}
      </Space>
      {node.kind === 'op' && <Arguments name={name} node={node} catalog={catalog} onChange={onChange} depth={depth} />}
      {node.kind === 'if' && (
        <div className="expr-args">
          <div className="expr-arg-label">{t('exprWhen')}</div>
          <GroupEditor place={`${name} ${t('exprWhen')}`} node={node.condition} catalog={catalog} depth={depth + 1} onChange={(condition) => onChange({ ...node, condition })} />
          <div className="expr-arg-label">{t('exprThen')}</div>
          <ExpressionEditor name={`${name} ${t('exprThen')}`} node={node.then} slot={slot} catalog={catalog} depth={depth + 1} onChange={(then) => onChange({ ...node, then })} />
          <div className="expr-arg-label">{t('exprElse')}</div>
          <ExpressionEditor name={`${name} ${t('exprElse')}`} node={node.else} slot={slot} catalog={catalog} depth={depth + 1} onChange={(otherwise) => onChange({ ...node, else: otherwise })} />
        </div>
      )}
    </div>
  );
}

/** The arguments of an operation, each a part of its own; more can be added where the operation takes them. */
function Arguments({ name, node, catalog, onChange, depth }: { name: string; node: Extract<ExprNode, { kind: 'op' }>; catalog: FieldOption[]; onChange(node: ExprNode): void; depth: number }) {
  const { t } = useT('logic');
  const spec = EXPR_OPS[node.op];
  if (node.args.length === 0) return null;
  const setArg = (i: number, arg: ExprNode) => onChange({ ...node, args: node.args.map((a, j) => (j === i ? arg : a)) });
  return (
    <div className="expr-args">
      {node.args.map((arg, i) => (
        <div key={i} className="expr-arg">
          <ExpressionEditor name={`${name}.${i + 1}`} node={arg} slot={argSlot(spec, i)} catalog={catalog} depth={depth + 1} onChange={(a) => setArg(i, a)} />
          {i >= spec.args.length && (
            <Button size="small" type="text" danger aria-label={`${name}.${i + 1}: ${t('exprRemove')}`} onClick={() => onChange({ ...node, args: node.args.filter((_, j) => j !== i) })}>
              ✕
            </Button>
          )}
        </div>
      ))}
      {node.args.length < maxArgs(spec) && (
        <Button size="small" aria-label={`${name}: ${t('exprAdd')}`} onClick={() => onChange({ ...node, args: [...node.args, EMPTY] })}>
          {t('exprAdd')}
        </Button>
      )}
    </div>
  );
}

function LiteralInput({ aria, literal, value, onChange }: { aria: string; literal: ReturnType<typeof literalOf>; value: number | string | null; onChange(value: number | string | null): void }) {
  const common = { 'aria-label': aria, style: { minWidth: 160 } };
  if (literal === 'number') return <InputNumber {...common} value={typeof value === 'number' ? value : null} onChange={(x) => onChange(typeof x === 'number' ? x : null)} />;
  if (literal === 'date') return <DatePicker {...common} value={typeof value === 'string' && value ? dayjs(value) : null} onChange={(d) => onChange(d ? d.format('YYYY-MM-DD') : null)} />;
  return <Input {...common} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.target.value)} />;
}
