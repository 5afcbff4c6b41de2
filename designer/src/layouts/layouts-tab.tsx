import { useEffect, useState } from 'react';
import { Alert, App, Badge, Button, Empty, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { FieldProblem } from '../../../runtime-ui/src/api/client.ts';
import { ApiError, planChange, useObjects, type Change, type LayoutDef, type ObjectDef } from '../api.ts';
import { ReviewModal } from '../plan-review.tsx';
import { useLocale, useT } from '../i18n/index.ts';
import { newLayout, problemsUnder } from './layout-model.ts';
import { LayoutPropertiesModal, useRoles, type LayoutProperties } from './layout-properties.tsx';
import { LayoutEditor } from './layout-editor.tsx';
import { LayoutPreview } from './layout-preview.tsx';
import { useLayoutPreview } from './use-layout-preview.ts';
import './layouts.css';

/**
 * The object's layouts: the list (labels, roles or "for everyone"), new / rename / delete, the editor of
 * the chosen one beside its live preview, and Save — every layout in one `update_object` change, reviewed
 * as its plan; the engine's refusals are shown where they apply.
 */
export function LayoutsTab({ object }: { object: ObjectDef }) {
  const { t } = useT('layouts');
  const { locale } = useLocale();
  const { message } = App.useApp();
  const objects = useObjects();
  const roles = useRoles();
  const [drafts, setDrafts] = useState<LayoutDef[]>(object.layouts ?? []);
  const [dirty, setDirty] = useState(false);
  const [selected, setSelected] = useState<number | undefined>(object.layouts?.length ? 0 : undefined);
  const [editing, setEditing] = useState<{ index?: number } | undefined>();
  const [saveProblems, setSaveProblems] = useState<FieldProblem[]>([]);
  const [change, setChange] = useState<Change>();
  const [checking, setChecking] = useState(false);
  const [previewData, setPreviewData] = useState<Record<string, unknown>>({});

  // What is saved comes back when nothing is being edited (after Save, undo, another tab's change).
  useEffect(() => {
    if (dirty) return;
    setDrafts(object.layouts ?? []);
    setSelected((s) => (object.layouts?.length ? Math.min(s ?? 0, object.layouts.length - 1) : undefined));
  }, [object.layouts, dirty]);

  const current = selected === undefined ? undefined : drafts[selected];
  const preview = useLayoutPreview(object.api_name, current, locale);
  const edit = (next: LayoutDef[]) => {
    setDrafts(next);
    setDirty(true);
    setSaveProblems([]);
  };
  const labelOf = (l: LayoutDef) => l.label?.[locale] ?? l.label?.en ?? l.label?.['zh-CN'] ?? l.api_name;
  const roleLabel = (name: string) => {
    const role = roles.data?.find((r) => r.api_name === name);
    return role?.label?.[locale] ?? role?.label?.en ?? name;
  };

  const applyProperties = (p: LayoutProperties) => {
    if (editing?.index === undefined) {
      edit([...drafts, { ...newLayout(p.api_name, p.label, { [locale]: t('sectionN', { n: 1 }) }), ...(p.roles ? { roles: p.roles } : {}) }]);
      setSelected(drafts.length);
    } else {
      edit(drafts.map((l, i) => (i === editing.index ? withProperties(l, p) : l)));
    }
    setEditing(undefined);
  };
  const remove = (index: number) => {
    edit(drafts.filter((_, i) => i !== index));
    setSelected(drafts.length > 1 ? 0 : undefined);
  };
  const save = async () => {
    const next: Change = { kind: 'update_object', object: object.api_name, patch: { layouts: drafts } };
    setChecking(true);
    try {
      // Refusals first, so they can be shown on the layout (the review shows the plan).
      await planChange(next);
      setChange(next);
    } catch (err) {
      if (err instanceof ApiError && err.errors.length > 0) {
        setSaveProblems(err.errors);
        const first = /^layouts\.(\d+)/.exec(err.errors[0]?.field ?? '');
        if (first) setSelected(Number(first[1]));
      } else void message.error((err as Error).message);
    } finally {
      setChecking(false);
    }
  };
  const problemsOf = (index: number) => problemsUnder(saveProblems, `layouts.${index}`);
  const currentProblems = selected === undefined ? [] : [...problemsOf(selected), ...(saveProblems.length ? [] : preview.problems)];
  const general = saveProblems.filter((p) => !/^layouts\.\d+/.test(p.field));

  return (
    <div className="layouts-tab">
      <Typography.Paragraph type="secondary">{t('intro')}</Typography.Paragraph>
      <Space className="layouts-actions" wrap>
        <Button icon={<PlusOutlined />} onClick={() => setEditing({})}>
          {t('newLayout')}
        </Button>
        <Button type="primary" disabled={!dirty} loading={checking} onClick={() => void save()}>
          {t('save')}
        </Button>
        <Button
          disabled={!dirty}
          onClick={() => {
            setDirty(false);
            setSaveProblems([]);
          }}
        >
          {t('discard')}
        </Button>
        {dirty && <Badge status="warning" text={t('unsaved')} />}
      </Space>
      {saveProblems.length > 0 && <Alert type="error" showIcon className="save-problems" title={t('problemsTitle')} description={general.map((p) => `${p.field}: ${p.message}`).join('; ') || undefined} />}
      {drafts.length === 0 ? (
        <Empty description={t('none')} />
      ) : (
        <Table<LayoutDef>
          className="layouts-table"
          size="small"
          rowKey={(_, i) => String(i)}
          pagination={false}
          dataSource={drafts}
          rowClassName={(_, i) => (i === selected ? 'is-selected' : '')}
          onRow={(_, i) => ({ onClick: () => setSelected(i) })}
          columns={[
            { title: t('label'), key: 'label', render: (_, l, i) => <>{labelOf(l)} {i === selected && <Tag color="blue">{t('editing')}</Tag>} {problemsOf(i).length > 0 && <Tag color="red">{t('problems', { count: problemsOf(i).length })}</Tag>}</> },
            { title: t('apiName'), dataIndex: 'api_name', render: (v: string) => <code>{v}</code> },
            { title: t('roles'), key: 'roles', render: (_, l) => (l.roles?.length ? l.roles.map((r) => <Tag key={r}>{roleLabel(r)}</Tag>) : <Tag color="green">{t('forEveryone')}</Tag>) },
            { title: t('sections'), key: 'sections', render: (_, l) => l.sections.length },
            {
              title: '',
              key: 'actions',
              render: (_, l, i) => (
                <Space size={4} onClick={(e) => e.stopPropagation()}>
                  <Button size="small" onClick={() => setSelected(i)} aria-label={`${t('edit')} ${l.api_name}`}>
                    {t('edit')}
                  </Button>
                  <Button size="small" onClick={() => setEditing({ index: i })} aria-label={`${t('rename')} ${l.api_name}`}>
                    {t('rename')}
                  </Button>
                  <Popconfirm title={t('deleteTitle', { name: labelOf(l) })} description={t('deleteContent')} okText={t('common:delete')} cancelText={t('common:cancel')} onConfirm={() => remove(i)}>
                    <Button size="small" danger aria-label={`${t('delete')} ${l.api_name}`}>
                      {t('delete')}
                    </Button>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      )}
      {current && selected !== undefined ? (
        <div className="layout-workspace">
          <LayoutEditor object={object} objects={objects.data ?? [object]} layout={current} problems={currentProblems} onChange={(l) => edit(drafts.map((d, i) => (i === selected ? l : d)))} />
          <LayoutPreview preview={preview} data={previewData} onData={setPreviewData} />
        </div>
      ) : (
        drafts.length > 0 && <Typography.Paragraph type="secondary">{t('pickLayout')}</Typography.Paragraph>
      )}
      <LayoutPropertiesModal
        open={editing !== undefined}
        initial={editing?.index === undefined ? undefined : drafts[editing.index]}
        taken={drafts.filter((_, i) => i !== editing?.index).map((l) => l.api_name)}
        onCancel={() => setEditing(undefined)}
        onDone={applyProperties}
      />
      <ReviewModal
        change={change}
        title={t('reviewTitle', { object: object.label[locale] ?? object.label.en ?? object.api_name })}
        onClose={() => setChange(undefined)}
        onApplied={() => {
          setChange(undefined);
          setDirty(false);
          void message.success(t('saved'));
        }}
      />
    </div>
  );
}

function withProperties(layout: LayoutDef, p: LayoutProperties): LayoutDef {
  const { roles: _roles, label: _label, ...rest } = layout;
  return { ...rest, ...(p.label && Object.keys(p.label).length > 0 ? { label: p.label } : {}), ...(p.roles ? { roles: p.roles } : {}) };
}
