import { useState } from 'react';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, ConfigProvider, Form, Input, Result, Spin, Typography } from 'antd';
import { api, ApiError, setUnauthorizedHandler, useMe } from './api.ts';
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
  const client = useQueryClient();
  const [error, setError] = useState<string>();
  const tenant = new URLSearchParams(window.location.search).get('tenant') ?? undefined;
  const submit = async (values: { email: string; password: string; tenant?: string }) => {
    setError(undefined);
    try {
      await api('POST', '/api/auth/login', values);
      await client.invalidateQueries();
    } catch (err) {
      setError(err instanceof ApiError && err.status !== 401 ? err.message : 'Wrong email or password');
    }
  };
  return (
    <div className="center-screen">
      <Card className="login-card">
        <Typography.Title level={3}>Sign in to the Tessera designer</Typography.Title>
        {error && <Alert type="error" showIcon title={error} className="gap-bottom" />}
        <Form layout="vertical" onFinish={submit} requiredMark={false} initialValues={{ tenant }}>
          <Form.Item name="email" label="Email" rules={[{ required: true }]}>
            <Input type="email" autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label="Password" rules={[{ required: true }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          {tenant !== undefined && (
            <Form.Item name="tenant" label="Organisation">
              <Input />
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" block>
            Sign in
          </Button>
        </Form>
      </Card>
    </div>
  );
}

/** Signed in and an admin, or a page saying why not: metadata changes are for admins only (the API refuses others too). */
function Gate() {
  const me = useMe();
  if (me.isLoading) return <Spin className="center-screen" />;
  if (me.error instanceof ApiError && me.error.status === 401) return <SignIn />;
  if (me.error) return <Result status="error" title="The designer could not load" subTitle={String((me.error as Error).message)} />;
  if (!me.data?.is_admin) {
    return (
      <Result
        status="403"
        title="Admins only"
        subTitle="The designer changes objects and fields for everyone, so only administrators may use it. Ask an administrator, or go back to the app."
        extra={<Button href="/app/">Open the app</Button>}
      />
    );
  }
  return <RouterProvider router={router} />;
}

export function App() {
  return (
    <ConfigProvider theme={{ token: { colorPrimary: '#1677ff' } }}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <Gate />
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
