import { Outlet, useLocation, useNavigate } from 'react-router';
import { App, Button, Layout, Menu } from 'antd';
import { api, ApiError, useRefresh, type Plan, type RecordedChange } from './api.ts';

/** "create_field project.budget" → words an admin reads. */
function describeChange(change: RecordedChange): string {
  const target = [change.object, change.field].filter(Boolean).join('.');
  return `${change.kind.replace(/_/g, ' ')} ${target}`.trim();
}

/** Undo the last metadata change (POST /api/meta/changes/:id/revert): added fields and objects are archived, nothing dropped. */
function UndoButton() {
  const { modal, message } = App.useApp();
  const refresh = useRefresh();
  const undo = async () => {
    const last = (await api<{ items: RecordedChange[] }>('GET', '/api/meta/changes?limit=1')).items[0];
    if (!last) {
      void message.info('There is no change to undo');
      return;
    }
    modal.confirm({
      title: 'Undo the last change?',
      content: `${describeChange(last)} (version ${last.version}). Fields and objects it added are archived, not deleted.`,
      okText: 'Undo',
      onOk: async () => {
        try {
          const applied = await api<Plan>('POST', `/api/meta/changes/${last.id}/revert`);
          await refresh();
          void message.success(`Undone: ${describeChange(last)}${applied.operations.length ? ` (${applied.operations.length} operation(s))` : ''}`);
        } catch (err) {
          void message.error(err instanceof ApiError ? err.message : String(err));
        }
      },
    });
  };
  return <Button onClick={() => void undo()}>Undo last change</Button>;
}

export function DesignerShell() {
  const navigate = useNavigate();
  const location = useLocation();
  const selected = location.pathname.startsWith('/er') ? 'er' : 'objects';
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header className="designer-header">
        <span className="brand">Tessera designer</span>
        <Menu
          theme="dark"
          mode="horizontal"
          selectedKeys={[selected]}
          items={[
            { key: 'objects', label: 'Objects', onClick: () => navigate('/') },
            { key: 'er', label: 'ER diagram', onClick: () => navigate('/er') },
          ]}
        />
        <UndoButton />
        <Button type="link" href="/app/" style={{ color: '#fff' }}>
          Open the app
        </Button>
      </Layout.Header>
      <Layout.Content className="designer-content">
        <Outlet />
      </Layout.Content>
    </Layout>
  );
}
