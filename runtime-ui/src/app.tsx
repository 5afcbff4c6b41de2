import { lazy, Suspense } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { I18nextProvider } from 'react-i18next';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { ApiError } from './api/client.ts';
import { createI18n } from './i18n/i18n.ts';
import { useAppLocale } from './i18n/use-app-locale.ts';
import { LocaleContext } from './i18n/locale-context.ts';
import { LoginPage } from './auth/login-page.tsx';
import { AppShell } from './shell/app-shell.tsx';
import { Loading } from './shell/states.tsx';

// Pages load on first use, so the shell's initial JavaScript stays small.
const HomePage = lazy(() => import('./pages/home-page.tsx'));
const ListPage = lazy(() => import('./list/list-page.tsx'));
const RecordPage = lazy(() => import('./pages/record-page.tsx'));
const FormPage = lazy(() => import('./form/form-page.tsx'));
const KanbanPage = lazy(() => import('./kanban/kanban-page.tsx'));
const RecycleBinPage = lazy(() => import('./pages/recycle-bin-page.tsx'));
const SearchPage = lazy(() => import('./search/search-page.tsx'));

const page = (element: React.ReactNode) => <Suspense fallback={<Loading />}>{element}</Suspense>;

const router = createBrowserRouter(
  [
    { path: '/login', element: <LoginPage /> },
    {
      path: '/',
      element: <AppShell />,
      children: [
        { index: true, element: page(<HomePage />) },
        { path: 'o/:object', element: page(<ListPage />) },
        { path: 'o/:object/new', element: page(<FormPage />) },
        { path: 'o/:object/kanban', element: page(<KanbanPage />) },
        { path: 'o/:object/recycle-bin', element: page(<RecycleBinPage />) },
        { path: 'search', element: page(<SearchPage />) },
        { path: 'o/:object/:id', element: page(<RecordPage />) },
        { path: 'o/:object/:id/edit', element: page(<FormPage />) },
        { path: '*', element: <Navigate to="/" replace /> },
      ],
    },
  ],
  { basename: '/app' },
);

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // A 4xx answer will not change by asking again.
      retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
    },
  },
});

export function App() {
  const { i18n, context } = useAppLocale(createI18n);
  const { locale } = context;
  return (
    <I18nextProvider i18n={i18n}>
      <LocaleContext.Provider value={context}>
        <ConfigProvider locale={locale === 'zh-CN' ? zhCN : enUS} button={{ autoInsertSpace: false }} theme={{ token: { colorPrimary: '#3b5bdb', borderRadius: 6 } }}>
          <AntApp>
            <QueryClientProvider client={queryClient}>
              <RouterProvider router={router} />
            </QueryClientProvider>
          </AntApp>
        </ConfigProvider>
      </LocaleContext.Provider>
    </I18nextProvider>
  );
}
