import { useState } from 'react';
import { useParams } from 'react-router';
import { Button, Empty, Table, Tag, Typography } from 'antd';
import { text, useObjects, type Change, type FieldDef } from './api.ts';
import { FieldEditor } from './field-editor.tsx';
import { ReviewModal } from './plan-review.tsx';

/** What a field's type settings say, in a few words. */
function settingsOf(field: FieldDef): React.ReactNode {
  if (field.type === 'lookup') return `→ ${String(field.target)} (on delete: ${String(field.on_delete ?? 'restrict')})`;
  if (field.type === 'picklist' || field.type === 'multi_picklist') {
    const values = (field.values as Array<{ value: string; color?: string; label?: { en?: string } }> | undefined) ?? [];
    return values.map((v) => (
      <Tag key={v.value} color={v.color}>
        {v.label?.en ?? v.value}
      </Tag>
    ));
  }
  if (field.type === 'formula') return <code>{JSON.stringify(field.expression)}</code>;
  if (field.type === 'currency') return ((field.currencies as string[] | undefined) ?? []).join(', ');
  return null;
}

export function ObjectPage() {
  const { object: name = '' } = useParams();
  const objects = useObjects();
  const object = objects.data?.find((o) => o.api_name === name);
  const [adding, setAdding] = useState(false);
  const [archive, setArchive] = useState<Change>();
  if (!object) return objects.isLoading ? null : <Empty description={`No object "${name}"`} />;
  const fields = object.fields.filter((f) => !f.archived);
  return (
    <>
      <div className="page-head">
        <Typography.Title level={3}>
          {text(object.label, object.api_name)} {object.label['zh-CN'] && object.label.en ? <small>· {object.label['zh-CN']}</small> : null} <code style={{ fontSize: 14 }}>{object.api_name}</code>
        </Typography.Title>
        <Button type="primary" onClick={() => setAdding(true)}>
          Add field
        </Button>
      </div>
      <Table<FieldDef>
        rowKey="api_name"
        pagination={false}
        dataSource={fields}
        columns={[
          { title: 'Label', key: 'label', render: (_, f) => text(f.label, f.api_name) },
          { title: 'API name', dataIndex: 'api_name', render: (v: string) => <code>{v}</code> },
          { title: 'Type', dataIndex: 'type' },
          {
            title: 'Flags',
            key: 'flags',
            render: (_, f) => (['required', 'unique', 'indexed', 'audited'] as const).filter((k) => f[k]).map((k) => <Tag key={k}>{k}</Tag>),
          },
          { title: 'Settings', key: 'settings', render: (_, f) => settingsOf(f) },
          {
            title: '',
            key: 'actions',
            render: (_, f) =>
              f.api_name === object.name_field ? null : (
                <Button size="small" danger onClick={() => setArchive({ kind: 'archive_field', object: object.api_name, field: f.api_name })} aria-label={`Archive ${f.api_name}`}>
                  Archive
                </Button>
              ),
          },
        ]}
      />
      {/* Mounted per opening: every new field starts from an empty form. */}
      {adding && <FieldEditor object={object.api_name} open onClose={() => setAdding(false)} />}
      <ReviewModal change={archive} title="Archive the field" onClose={() => setArchive(undefined)} onApplied={() => setArchive(undefined)} />
    </>
  );
}
