import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Button, Form, Input, Modal, Segmented, Space, Table, Tag, Typography } from 'antd';
import { api, useObjects, type Change, type LocalizedText, type ObjectDef } from './api.ts';
import { ApiNameInput } from './api-name-input.tsx';
import { useLocale, useT } from './i18n/index.ts';
import { ObjectIcon } from './icon-picker.tsx';
import { useLabel } from './labels.ts';
import { ObjectEditor } from './object-editor.tsx';
import { ReviewModal } from './plan-review.tsx';

interface NewObject {
  en: string;
  zh: string;
  api_name: string;
}

/** New object: labels in English and Chinese, an API name made from the English label until the admin edits it. */
function CreateObjectModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useT('objects');
  const [form] = Form.useForm<NewObject>();
  const [valid, setValid] = useState(false);
  const [change, setChange] = useState<Change>();
  const navigate = useNavigate();
  const en = Form.useWatch('en', form) ?? '';
  const zh = Form.useWatch('zh', form) ?? '';
  const review = (values: NewObject) => {
    const label = { ...(values.en ? { en: values.en } : {}), ...(values.zh ? { 'zh-CN': values.zh } : {}) };
    setChange({ kind: 'create_object', definition: { api_name: values.api_name, label, plural_label: label } });
  };
  return (
    <>
      <Modal open={open} title={t('newObject')} onCancel={onClose} okText={t('common:review')} okButtonProps={{ disabled: !valid || (!en && !zh) }} onOk={() => form.submit()} destroyOnHidden>
        <Form<NewObject> form={form} layout="vertical" onFinish={review} preserve={false}>
          <Form.Item name="en" label={t('labelEn')}>
            <Input autoFocus placeholder="Project" />
          </Form.Item>
          <Form.Item name="zh" label={t('labelZh')}>
            <Input placeholder="项目" />
          </Form.Item>
          <ApiNameInput form={form} source={en} chineseOnly={!en && !!zh} onValidity={setValid} />
        </Form>
      </Modal>
      <ReviewModal
        change={change}
        title={t('reviewCreate')}
        onClose={() => setChange(undefined)}
        onApplied={() => {
          const name = change?.kind === 'create_object' ? String(change.definition.api_name) : '';
          setChange(undefined);
          onClose();
          navigate(`/o/${name}`);
        }}
      />
    </>
  );
}

/** Archived objects: GET /api/meta/objects?include_archived=true, the archived ones. */
function useArchivedObjects(enabled: boolean) {
  return useQuery({
    queryKey: ['objects', 'archived'],
    enabled,
    queryFn: async () => (await api<{ items: ObjectDef[] }>('GET', '/api/meta/objects?include_archived=true')).items.filter((o) => o.archived),
  });
}

interface InstalledPackage {
  name: string;
  version: string;
  label?: LocalizedText;
  objects: string[];
}

/** Which installed package brought each object (GET /api/meta/packages): those are standard, the rest custom. */
function usePackageOfObject(): Map<string, InstalledPackage> {
  const packages = useQuery({ queryKey: ['packages'], queryFn: async () => (await api<{ items: InstalledPackage[] }>('GET', '/api/meta/packages')).items, staleTime: 60_000 });
  const byObject = new Map<string, InstalledPackage>();
  for (const p of packages.data ?? []) for (const object of p.objects) byObject.set(object, p);
  return byObject;
}

/** Archive (DELETE /api/meta/objects/:object) or restore (PATCH {archived:false}) an object, through its plan. */
export function archiveChange(object: ObjectDef): Change {
  return object.archived ? { kind: 'update_object', object: object.api_name, patch: { archived: false } } : { kind: 'archive_object', object: object.api_name };
}

export function ObjectsPage() {
  const { t } = useT('objects');
  const { locale } = useLocale();
  const label = useLabel();
  const [show, setShow] = useState<'active' | 'archived'>('active');
  const active = useObjects();
  const archived = useArchivedObjects(show === 'archived');
  const objects = show === 'active' ? active : archived;
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<ObjectDef>();
  const [change, setChange] = useState<{ change: Change; title: string }>();
  const other = locale === 'zh-CN' ? 'en' : 'zh-CN';
  const source = usePackageOfObject();
  return (
    <>
      <div className="page-head">
        <Typography.Title level={3}>{t('objects')}</Typography.Title>
        <Space>
          <Segmented<'active' | 'archived'>
            value={show}
            onChange={setShow}
            options={[
              { value: 'active', label: t('active') },
              { value: 'archived', label: t('archived') },
            ]}
          />
          <Button type="primary" onClick={() => setCreating(true)}>
            {t('newObject')}
          </Button>
        </Space>
      </div>
      {show === 'archived' && <Typography.Paragraph type="secondary">{t('archivedHelp')}</Typography.Paragraph>}
      <Table<ObjectDef>
        rowKey="api_name"
        loading={objects.isLoading}
        dataSource={objects.data ?? []}
        pagination={false}
        locale={{ emptyText: show === 'archived' ? t('noArchived') : undefined }}
        columns={[
          { title: '', key: 'icon', width: 40, render: (_, o) => <ObjectIcon name={o.icon} /> },
          {
            title: t('label'),
            key: 'label',
            render: (_, o) => (o.archived ? label(o.label, o.api_name) : <Link to={`/o/${o.api_name}`}>{label(o.label, o.api_name)}</Link>),
          },
          { title: other === 'en' ? t('inEnglish') : t('inChinese'), key: 'other', render: (_, o) => o.label[other] ?? '' },
          { title: t('plural'), key: 'plural', render: (_, o) => label(o.plural_label, '') },
          { title: t('apiName'), dataIndex: 'api_name', render: (v: string) => <code>{v}</code> },
          { title: t('fieldCount'), key: 'fields', render: (_, o) => o.fields.filter((f) => !f.archived).length },
          {
            title: t('source'),
            key: 'source',
            render: (_, o) => {
              const from = source.get(o.api_name);
              return from ? <Tag color="blue" title={`${from.name} ${from.version}`}>{t('standard', { package: label(from.label, from.name) })}</Tag> : <Tag>{t('custom')}</Tag>;
            },
          },
          {
            title: '',
            key: 'actions',
            render: (_, o) =>
              o.archived ? (
                <Button size="small" aria-label={t('restoreNamed', { object: o.api_name })} onClick={() => setChange({ change: archiveChange(o), title: t('reviewRestore') })}>
                  {t('restore')}
                </Button>
              ) : (
                <Space>
                  <Button size="small" aria-label={t('editNamed', { object: o.api_name })} onClick={() => setEditing(o)}>
                    {t('common:edit')}
                  </Button>
                  <Button size="small" danger aria-label={t('archiveNamed', { object: o.api_name })} onClick={() => setChange({ change: archiveChange(o), title: t('reviewArchive') })}>
                    {t('archive')}
                  </Button>
                </Space>
              ),
          },
        ]}
      />
      <CreateObjectModal open={creating} onClose={() => setCreating(false)} />
      {editing && <ObjectEditor object={editing} onClose={() => setEditing(undefined)} />}
      <ReviewModal change={change?.change} title={change?.title ?? ''} onClose={() => setChange(undefined)} onApplied={() => setChange(undefined)} />
    </>
  );
}
