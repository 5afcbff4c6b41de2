import { Outlet, useLocation, useNavigate } from 'react-router';
import { App, Button, Layout, Menu } from 'antd';
import { LanguageSwitch } from '../../runtime-ui/src/shell/language-switch.tsx';
import { api, ApiError, useRefresh, type Plan, type RecordedChange } from './api.ts';
import { useT } from './i18n/index.ts';

/** "create_field project.budget" → words an admin reads. */
function describeChange(change: RecordedChange): string {
  const target = [change.object, change.field].filter(Boolean).join('.');
  return `${change.kind.replace(/_/g, ' ')} ${target}`.trim();
}

/** Undo the last metadata change (POST /api/meta/changes/:id/revert): added fields and objects are archived, nothing dropped. */
function UndoButton() {
  const { t } = useT('shell');
  const { modal, message } = App.useApp();
  const refresh = useRefresh();
  const undo = async () => {
    const last = (await api<{ items: RecordedChange[] }>('GET', '/api/meta/changes?limit=1')).items[0];
    if (!last) {
      void message.info(t('nothingToUndo'));
      return;
    }
    const change = describeChange(last);
    modal.confirm({
      title: t('undoTitle'),
      content: t('undoContent', { change, version: last.version }),
      okText: t('undoOk'),
      onOk: async () => {
        try {
          const applied = await api<Plan>('POST', `/api/meta/changes/${last.id}/revert`);
          await refresh();
          const count = applied.operations.length;
          void message.success(count ? t('undoneOps', { change, count }) : t('undone', { change }));
        } catch (err) {
          void message.error(err instanceof ApiError ? err.message : String(err));
        }
      },
    });
  };
  return <Button onClick={() => void undo()}>{t('undo')}</Button>;
}

export function DesignerShell() {
  const { t } = useT('shell');
  const navigate = useNavigate();
  const location = useLocation();
  const selected = location.pathname.startsWith('/er') ? 'er' : 'objects';
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header className="designer-header">
        <span className="brand">{t('brand')}</span>
        <Menu
          theme="dark"
          mode="horizontal"
          selectedKeys={[selected]}
          items={[
            { key: 'objects', label: t('objects'), onClick: () => navigate('/') },
            { key: 'er', label: t('erDiagram'), onClick: () => navigate('/er') },
          ]}
        />
        <UndoButton />
        <LanguageSwitch />
        <Button type="link" href="/app/" style={{ color: '#fff' }}>
          {t('openApp')}
        </Button>
      </Layout.Header>
      <Layout.Content className="designer-content">
        <Outlet />
      </Layout.Content>
    </Layout>
  );
}
