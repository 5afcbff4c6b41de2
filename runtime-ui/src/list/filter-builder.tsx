import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Select, Space } from 'antd';
import { label, type FieldDef, type ObjectDef } from '../api/types.ts';
import { useLocale } from '../i18n/locale-context.ts';
import { ValueInput } from './value-input.tsx';
import { operatorsFor, type Condition, type FilterOp, type FilterState } from './filter-rule.ts';

/** Conditions per field with the operators that fit its type, joined by AND or OR. */
export function FilterBuilder({ object, value, onApply }: { object: ObjectDef; value: FilterState; onApply(state: FilterState): void }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const [state, setState] = useState<FilterState>(value);
  const fields = object.fields.filter((f) => !f.archived && operatorsFor(f).length > 0);
  const byName = new Map(fields.map((f) => [f.api_name, f]));
  const update = (index: number, change: Partial<Condition>) => setState((s) => ({ ...s, conditions: s.conditions.map((c, i) => (i === index ? { ...c, ...change } : c)) }));
  const add = () => {
    const first = fields[0];
    if (first) setState((s) => ({ ...s, conditions: [...s.conditions, { field: first.api_name, op: operatorsFor(first)[0] as FilterOp }] }));
  };

  const valueInput = (field: FieldDef | undefined, condition: Condition, index: number) => {
    if (!field || condition.op === 'empty' || condition.op === 'notEmpty') return null;
    return <ValueInput className="filter-value" field={field} value={condition.value} onChange={(value) => update(index, { value })} ariaLabel={t('list.value')} />;
  };

  return (
    <div className="filter-builder">
      <Select
        value={state.match}
        onChange={(match) => setState((s) => ({ ...s, match }))}
        options={[
          { value: 'and', label: t('list.matchAll') },
          { value: 'or', label: t('list.matchAny') },
        ]}
        className="filter-match"
      />
      {state.conditions.map((condition, index) => {
        const field = byName.get(condition.field);
        return (
          <Space key={index} wrap className="filter-row">
            <Select
              className="filter-field"
              value={condition.field}
              aria-label={t('list.field')}
              onChange={(name) => {
                const next = byName.get(name);
                update(index, { field: name, op: next ? (operatorsFor(next)[0] as FilterOp) : 'eq', value: undefined });
              }}
              options={fields.map((f) => ({ value: f.api_name, label: label(f.label, locale, f.api_name) }))}
            />
            <Select
              className="filter-op"
              value={condition.op}
              aria-label={t('list.operator')}
              onChange={(op) => update(index, { op })}
              options={(field ? operatorsFor(field) : []).map((op) => ({ value: op, label: t(`op.${op}`) }))}
            />
            {valueInput(field, condition, index)}
            <Button type="text" aria-label={t('list.removeCondition')} onClick={() => setState((s) => ({ ...s, conditions: s.conditions.filter((_, i) => i !== index) }))}>
              ✕
            </Button>
          </Space>
        );
      })}
      <Space>
        <Button onClick={add}>{t('list.addCondition')}</Button>
        <Button type="primary" onClick={() => onApply(state)}>
          {t('list.apply')}
        </Button>
        <Button
          onClick={() => {
            const empty: FilterState = { match: 'and', conditions: [] };
            setState(empty);
            onApply(empty);
          }}
        >
          {t('list.clear')}
        </Button>
      </Space>
    </div>
  );
}
