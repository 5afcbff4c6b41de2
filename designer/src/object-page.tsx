import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Button, Collapse, Empty, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useObjects, type Change, type FieldDef, type LocalizedText } from './api.ts';
import { FieldEditor } from './field-editor.tsx';
import { useT } from './i18n/index.ts';
import { ObjectIcon } from './icon-picker.tsx';
import { useLabel } from './labels.ts';
import { ObjectEditor } from './object-editor.tsx';
import { archiveChange } from './objects-page.tsx';
import { ReviewModal } from './plan-review.tsx';
import { LayoutsTab } from './layouts/layouts-tab.tsx';
import { ListViewsTab } from './list-views/list-views-tab.tsx';
import { ValidationRulesTab } from './validation/validation-rules-tab.tsx';

const FLAGS = ['required', 'unique', 'indexed', 'audited', 'searchable'] as const;

/** What a field's type settings say, in a few words, and its default. */
function Settings({ field }: { field: FieldDef }) {
  const { t } = useT('fields');
  const settings = <TypeSettingsText field={field} />;
  if (field.default === undefined && field.default_rule === undefined) return settings;
  const text = field.default !== undefined ? JSON.stringify(field.default) : t('defaultByRule');
  return (
    <>
      {settings} <Typography.Text type="secondary">{t('defaultIs', { value: text })}</Typography.Text>
    </>
  );
}

function TypeSettingsText({ field }: { field: FieldDef }) {
  const { t } = useT('fields');
  const label = useLabel();
  switch (field.type) {
    case 'lookup':
      return <>{t('settingsLookup', { target: String(field.target), onDelete: String(field.on_delete ?? 'restrict') })}</>;
    case 'picklist':
    case 'multi_picklist': {
      const values = (field.values as Array<{ value: string; color?: string; label?: LocalizedText; active?: boolean; order?: number }> | undefined) ?? [];
      return (
        <>
          {[...values]
            .map((v, i) => ({ v, order: v.order ?? i }))
            .sort((a, b) => a.order - b.order)
            .map(({ v }) => (
              <Tag key={v.value} color={v.color} style={v.active === false ? { textDecoration: 'line-through' } : undefined}>
                {label(v.label, v.value)}
              </Tag>
            ))}
        </>
      );
    }
    case 'formula':
      return <code>{JSON.stringify(field.expression)}</code>;
    case 'rollup':
      return <>{t('settingsRollup', { fn: String(field.function), field: field.field ? `.${String(field.field)}` : '', child: String(field.child_object), via: String(field.via) })}</>;
    case 'autonumber':
      return <code>{String(field.pattern)}</code>;
    case 'currency':
      return <>{((field.currencies as string[] | undefined) ?? []).join(', ')}</>;
    default:
      return null;
  }
}

export function ObjectPage() {
  const { t } = useT('objects');
  const tf = useT('fields').t;
  const label = useLabel();
  const navigate = useNavigate();
  const { object: name = '' } = useParams();
  const objects = useObjects();
  const object = objects.data?.find((o) => o.api_name === name);
  const [adding, setAdding] = useState(false);
  const [editingField, setEditingField] = useState<FieldDef>();
  const [editingObject, setEditingObject] = useState(false);
  const [review, setReview] = useState<{ change: Change; title: string; leave?: boolean }>();
  if (!object) return objects.isLoading ? null : <Empty description={t('noSuchObject', { name })} />;
  const fields = object.fields.filter((f) => !f.archived);
  const archived = object.fields.filter((f) => f.archived);
  const other = object.label['zh-CN'] && object.label.en ? (label(object.label, '') === object.label.en ? object.label['zh-CN'] : object.label.en) : undefined;
  return (
    <>
      <div className="page-head">
        <Typography.Title level={3}>
          <ObjectIcon name={object.icon} /> {label(object.label, object.api_name)} {other ? <small>· {other}</small> : null} <code style={{ fontSize: 14 }}>{object.api_name}</code>
        </Typography.Title>
        <Space>
          <Button onClick={() => setEditingObject(true)}>{t('editObject')}</Button>
          <Button danger onClick={() => setReview({ change: archiveChange(object), title: t('reviewArchive'), leave: true })}>
            {t('archiveObject')}
          </Button>
          <Button type="primary" onClick={() => setAdding(true)}>
            {tf('addField')}
          </Button>
        </Space>
      </div>
      {object.description && <Typography.Paragraph type="secondary">{object.description}</Typography.Paragraph>}
      <Tabs
        items={[
          {
            key: 'fields',
            label: tf('fields'),
            children: (
              <>
                <Table<FieldDef>
                  rowKey="api_name"
                  pagination={false}
                  dataSource={fields}
                  columns={[
                    { title: tf('label'), key: 'label', render: (_, f) => label(f.label, f.api_name) },
                    { title: tf('apiName'), dataIndex: 'api_name', render: (v: string) => <code>{v}</code> },
                    { title: tf('type'), key: 'type', render: (_, f) => tf(`type_${f.type}`, { defaultValue: f.type }) },
                    { title: tf('flags'), key: 'flags', render: (_, f) => FLAGS.filter((k) => f[k]).map((k) => <Tag key={k}>{tf(`flag_${k}`)}</Tag>) },
                    { title: tf('settings'), key: 'settings', render: (_, f) => <Settings field={f} /> },
                    {
                      title: '',
                      key: 'actions',
                      render: (_, f) => (
                        <Space>
                          <Button size="small" onClick={() => setEditingField(f)} aria-label={tf('editNamed', { field: f.api_name })}>
                            {t('common:edit')}
                          </Button>
                          {f.api_name !== object.name_field && (
                            <Button size="small" danger onClick={() => setReview({ change: { kind: 'archive_field', object: object.api_name, field: f.api_name }, title: tf('reviewArchive') })} aria-label={tf('archiveNamed', { field: f.api_name })}>
                              {tf('archive')}
                            </Button>
                          )}
                        </Space>
                      ),
                    },
                  ]}
                />
                {archived.length > 0 && (
                  <Collapse
                    style={{ marginTop: 16 }}
                    items={[
                      {
                        key: 'archived',
                        label: tf('archivedFields', { count: archived.length }),
                        children: (
                          <Table<FieldDef>
                            rowKey="api_name"
                            size="small"
                            pagination={false}
                            dataSource={archived}
                            columns={[
                              { title: tf('label'), key: 'label', render: (_, f) => label(f.label, f.api_name) },
                              { title: tf('apiName'), dataIndex: 'api_name', render: (v: string) => <code>{v}</code> },
                              { title: tf('type'), key: 'type', render: (_, f) => tf(`type_${f.type}`, { defaultValue: f.type }) },
                              {
                                title: '',
                                key: 'restore',
                                render: (_, f) => (
                                  <Button size="small" onClick={() => setReview({ change: { kind: 'update_field', object: object.api_name, field: f.api_name, patch: { archived: false } }, title: tf('reviewRestore') })} aria-label={tf('restoreNamed', { field: f.api_name })}>
                                    {tf('restore')}
                                  </Button>
                                ),
                              },
                            ]}
                          />
                        ),
                      },
                    ]}
                  />
                )}
              </>
            ),
          },
          { key: 'layouts', label: tf('tabLayouts'), children: <LayoutsTab object={object} /> },
          { key: 'list_views', label: tf('tabListViews'), children: <ListViewsTab object={object} /> },
          { key: 'validation_rules', label: tf('tabValidationRules'), children: <ValidationRulesTab object={object} /> },
        ]}
      />
      {/* Mounted per opening: every new field starts from an empty form, every edit from the field as stored. */}
      {adding && <FieldEditor object={object.api_name} open onClose={() => setAdding(false)} />}
      {editingField && <FieldEditor key={editingField.api_name} object={object.api_name} field={editingField} open onClose={() => setEditingField(undefined)} />}
      {editingObject && <ObjectEditor object={object} onClose={() => setEditingObject(false)} />}
      <ReviewModal
        change={review?.change}
        title={review?.title ?? ''}
        onClose={() => setReview(undefined)}
        onApplied={() => {
          const leave = review?.leave;
          setReview(undefined);
          if (leave) navigate('/');
        }}
      />
    </>
  );
}
