import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Button, Form, Input, Modal, Table, Typography } from 'antd';
import { text, useObjects, type Change, type ObjectDef } from './api.ts';
import { ApiNameInput } from './api-name-input.tsx';
import { ReviewModal } from './plan-review.tsx';

interface NewObject {
  en: string;
  zh: string;
  api_name: string;
}

/** New object: labels in English and Chinese, an API name made from the English label until the admin edits it. */
function CreateObjectModal({ open, onClose }: { open: boolean; onClose: () => void }) {
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
      <Modal open={open} title="New object" onCancel={onClose} okText="Review" okButtonProps={{ disabled: !valid || (!en && !zh) }} onOk={() => form.submit()} destroyOnHidden>
        <Form<NewObject> form={form} layout="vertical" onFinish={review} preserve={false}>
          <Form.Item name="en" label="Label (English)">
            <Input autoFocus placeholder="Project" />
          </Form.Item>
          <Form.Item name="zh" label="Label (中文)">
            <Input placeholder="项目" />
          </Form.Item>
          <ApiNameInput form={form} source={en} chineseOnly={!en && !!zh} onValidity={setValid} />
        </Form>
      </Modal>
      <ReviewModal
        change={change}
        title="Create the object"
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

export function ObjectsPage() {
  const objects = useObjects();
  const [creating, setCreating] = useState(false);
  return (
    <>
      <div className="page-head">
        <Typography.Title level={3}>Objects</Typography.Title>
        <Button type="primary" onClick={() => setCreating(true)}>
          New object
        </Button>
      </div>
      <Table<ObjectDef>
        rowKey="api_name"
        loading={objects.isLoading}
        dataSource={objects.data ?? []}
        pagination={false}
        columns={[
          { title: 'Label', key: 'label', render: (_, o) => <Link to={`/o/${o.api_name}`}>{text(o.label, o.api_name)}</Link> },
          { title: '中文', key: 'zh', render: (_, o) => o.label['zh-CN'] ?? '' },
          { title: 'API name', dataIndex: 'api_name', render: (v: string) => <code>{v}</code> },
          { title: 'Fields', key: 'fields', render: (_, o) => o.fields.filter((f) => !f.archived).length },
        ]}
      />
      <CreateObjectModal open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
