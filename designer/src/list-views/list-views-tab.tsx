import { useState } from 'react';
import { Button, Empty, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useObjects, type Change, type ListViewDef, type ObjectDef } from '../api.ts';
import { useLocale, useT } from '../i18n/index.ts';
import { ReviewModal } from '../plan-review.tsx';
import { columnLabel } from './column-options.ts';
import { ListViewEditor } from './list-view-editor.tsx';
import { parseSort } from './view-draft.ts';
import './list-views.css';

/** The object's list views: what each shows, how it sorts and filters, its board; add, edit, delete (each through its plan). */
export function ListViewsTab({ object }: { object: ObjectDef }) {
  const { t } = useT('listViews');
  const { locale } = useLocale();
  const objects = useObjects();
  // undefined: closed; 'new': a new view; a number: that view.
  const [editing, setEditing] = useState<number | 'new'>();
  const [removal, setRemoval] = useState<Change>();
  const views = object.list_views ?? [];
  const labelOf = (v: ListViewDef) => v.label?.[locale] ?? v.label?.en ?? v.label?.['zh-CN'] ?? v.api_name;
  const remove = (i: number) => setRemoval({ kind: 'update_object', object: object.api_name, patch: { list_views: views.filter((_, j) => j !== i) } });

  return (
    <div className="list-views-tab">
      <div className="page-head">
        <Typography.Text type="secondary">{t('intro')}</Typography.Text>
        <Button type="primary" onClick={() => setEditing('new')}>
          {t('newView')}
        </Button>
      </div>
      <Table<ListViewDef>
        rowKey="api_name"
        pagination={false}
        dataSource={views}
        locale={{ emptyText: <Empty description={t('none')} /> }}
        columns={[
          { title: t('label'), key: 'label', render: (_, v) => labelOf(v) },
          { title: t('apiName'), dataIndex: 'api_name', render: (v: string) => <code>{v}</code> },
          { title: t('columns'), key: 'columns', render: (_, v) => v.columns.map((c) => columnLabel(object, c, locale)).join(', ') },
          {
            title: t('sort'),
            key: 'sort',
            render: (_, v) => parseSort(v.sort).map((k) => `${columnLabel(object, k.field, locale)} ${k.desc ? '↓' : '↑'}`).join(', '),
          },
          { title: t('filter'), key: 'filter', render: (_, v) => (v.filter === undefined ? '' : <code className="view-filter">{JSON.stringify(v.filter)}</code>) },
          { title: t('kanban'), key: 'kanban', render: (_, v) => (v.kanban ? <Tag>{t('groupedBy', { field: columnLabel(object, v.kanban.group_by, locale) })}</Tag> : null) },
          {
            title: '',
            key: 'actions',
            render: (_, v, i) => (
              <Space>
                <Button size="small" aria-label={t('editView', { name: v.api_name })} onClick={() => setEditing(i)}>
                  {t('common:edit')}
                </Button>
                <Button size="small" type="link" href={`/app/o/${object.api_name}?view=${v.api_name}`} target="_blank">
                  {t('openInApp')}
                </Button>
                <Popconfirm title={t('deleteConfirm', { name: labelOf(v) })} okText={t('common:delete')} cancelText={t('common:cancel')} onConfirm={() => remove(i)}>
                  <Button size="small" danger aria-label={t('deleteView', { name: v.api_name })}>
                    {t('common:delete')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      {editing !== undefined && objects.data && (
        <ListViewEditor object={object} objects={objects.data} index={editing === 'new' ? undefined : editing} onClose={() => setEditing(undefined)} />
      )}
      <ReviewModal change={removal} title={t('reviewDelete')} onClose={() => setRemoval(undefined)} onApplied={() => setRemoval(undefined)} />
    </div>
  );
}
