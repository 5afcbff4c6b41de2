import { useState } from 'react';
import { Button, Empty, Popconfirm, Space, Switch, Table, Tag, Typography } from 'antd';
import { useObjects, type Change, type ObjectDef, type ValidationRuleDef } from '../api.ts';
import { useT } from '../i18n/index.ts';
import { useLabel } from '../labels.ts';
import { ReviewModal } from '../plan-review.tsx';
import { RuleDrawer } from './rule-drawer.tsx';
import { withRule } from './rule-form.ts';

/**
 * The object's validation rules: a list with each rule's active switch, field and message; add, edit
 * (drawer) and delete. Every change sends the whole list (`update_object {validation_rules}`) through
 * the plan review, like any metadata change.
 */
export function ValidationRulesTab({ object }: { object: ObjectDef }) {
  const { t } = useT('validation');
  const label = useLabel();
  const objects = useObjects();
  const rules = object.validation_rules ?? [];
  const [editing, setEditing] = useState<number>();
  const [change, setChange] = useState<{ change: Change; title: string }>();
  const update = (list: ValidationRuleDef[], title: string) => setChange({ change: { kind: 'update_object', object: object.api_name, patch: { validation_rules: list } }, title });
  const fieldLabel = (name: string | undefined) => {
    const field = name ? object.fields.find((f) => f.api_name === name) : undefined;
    return field ? label(field.label, field.api_name) : name;
  };
  return (
    <div className="validation-rules">
      <div className="page-head">
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('intro')}
        </Typography.Paragraph>
        <Button type="primary" onClick={() => setEditing(rules.length)}>
          {t('addRule')}
        </Button>
      </div>
      {rules.length === 0 ? (
        <Empty description={t('none')} />
      ) : (
        <Table<ValidationRuleDef>
          rowKey="api_name"
          pagination={false}
          dataSource={rules}
          columns={[
            {
              title: t('active'),
              key: 'active',
              width: 90,
              render: (_, rule, i) => (
                <Switch
                  size="small"
                  checked={rule.active}
                  aria-label={t('activeOf', { name: rule.api_name })}
                  onChange={(active) => update(withRule(rules, i, { ...rule, active }), active ? t('activateTitle', { name: rule.api_name }) : t('deactivateTitle', { name: rule.api_name }))}
                />
              ),
            },
            {
              title: t('apiName'),
              key: 'name',
              render: (_, rule) => (
                <Space orientation="vertical" size={0}>
                  <code>{rule.api_name}</code>
                  {rule.description && <Typography.Text type="secondary">{rule.description}</Typography.Text>}
                </Space>
              ),
            },
            { title: t('field'), key: 'field', render: (_, rule) => (rule.field ? fieldLabel(rule.field) : <Tag>{t('wholeRecord')}</Tag>) },
            { title: t('message'), key: 'message', render: (_, rule) => label(rule.message, '') },
            {
              title: '',
              key: 'actions',
              width: 170,
              render: (_, rule, i) => (
                <Space>
                  <Button size="small" onClick={() => setEditing(i)} aria-label={t('editOf', { name: rule.api_name })}>
                    {t('common:edit')}
                  </Button>
                  <Popconfirm title={t('deleteConfirm', { name: rule.api_name })} okText={t('common:delete')} cancelText={t('common:cancel')} onConfirm={() => update(rules.filter((_, j) => j !== i), t('deleteTitle', { name: rule.api_name }))}>
                    <Button size="small" danger aria-label={t('deleteOf', { name: rule.api_name })}>
                      {t('common:delete')}
                    </Button>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      )}
      {editing !== undefined && <RuleDrawer key={editing} object={object} objects={objects.data ?? [object]} index={editing} onClose={() => setEditing(undefined)} />}
      <ReviewModal change={change?.change} title={change?.title ?? ''} onClose={() => setChange(undefined)} onApplied={() => setChange(undefined)} />
    </div>
  );
}
