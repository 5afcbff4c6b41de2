import { useState } from 'react';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { I18nextProvider } from 'react-i18next';
import { Alert, App as AntApp, Button, Card, ConfigProvider, Form, Input, Result, Spin, Typography } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useAppLocale } from '../../runtime-ui/src/i18n/use-app-locale.ts';
import { LocaleContext } from '../../runtime-ui/src/i18n/locale-context.ts';
import { LanguageSwitch } from '../../runtime-ui/src/shell/language-switch.tsx';
import { api, ApiError, setUnauthorizedHandler, useMe } from './api.ts';
import { createDesignerI18n, useT } from './i18n/index.ts';
import { DesignerShell } from './shell.tsx';
import { ObjectsPage } from './objects-page.tsx';
import { ObjectPage } from './object-page.tsx';

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } });
setUnauthorizedHandler(() => void queryClient.invalidateQueries({ queryKey: ['me'] }));

const router = createBrowserRouter(
  [
    {
      element: <DesignerShell />,
      children: [
        { index: true, element: <ObjectsPage /> },
        // The ER diagram (@xyflow/react) is a chunk of its own, loaded on first use.
        { path: 'er', lazy: async () => ({ Component: (await import('./er-canvas.tsx')).ErCanvasPage }) },
        { path: 'o/:object', element: <ObjectPage /> },
        { path: '*', element: <Navigate to="/" replace /> },
      ],
    },
  ],
  { basename: '/designer' },
);

function SignIn() {
  const { t } = useT('shell');
  const client = useQueryClient();
  const [error, setError] = useState<string>();
  const tenant = new URLSearchParams(window.location.search).get('tenant') ?? undefined;
  const submit = async (values: { email: string; password: string; tenant?: string }) => {
    setError(undefined);
    try {
      await api('POST', '/api/auth/login', values);
      await client.invalidateQueries();
    } catch (err) {
      setError(err instanceof ApiError && err.status !== 401 ? err.message : t('wrongLogin'));
    }
  };
  return (
    <div className="center-screen">
      <Card className="login-card" extra={<LanguageSwitch />}>
        <Typography.Title level={3}>{t('signInTitle')}</Typography.Title>
        {error && <Alert type="error" showIcon title={error} className="gap-bottom" />}
        <Form layout="vertical" onFinish={submit} requiredMark={false} initialValues={{ tenant }}>
          <Form.Item name="email" label={t('email')} rules={[{ required: true }]}>
            <Input type="email" autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t('password')} rules={[{ required: true }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          {tenant !== undefined && (
            <Form.Item name="tenant" label={t('organisation')}>
              <Input />
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" block>
            {t('signIn')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}

/** Signed in and an admin, or a page saying why not: metadata changes are for admins only (the API refuses others too). */
function Gate() {
  const { t } = useT('shell');
  const me = useMe();
  if (me.isLoading) return <Spin className="center-screen" />;
  if (me.error instanceof ApiError && me.error.status === 401) return <SignIn />;
  if (me.error) return <Result status="error" title={t('couldNotLoad')} subTitle={String((me.error as Error).message)} />;
  if (!me.data?.is_admin) {
    return <Result status="403" title={t('adminsOnly')} subTitle={t('adminsOnlyWhy')} extra={<Button href="/app/">{t('openApp')}</Button>} />;
  }
  return <RouterProvider router={router} />;
}

export function App() {
  const { i18n, context } = useAppLocale(createDesignerI18n);
  const { locale } = context;
  return (
    <I18nextProvider i18n={i18n}>
      <LocaleContext.Provider value={context}>
        <ConfigProvider locale={locale === 'zh-CN' ? zhCN : enUS} theme={{ token: { colorPrimary: '#1677ff' } }}>
          <AntApp>
            <QueryClientProvider client={queryClient}>
              <Gate />
            </QueryClientProvider>
          </AntApp>
        </ConfigProvider>
      </LocaleContext.Provider>
    </I18nextProvider>
  );
}
