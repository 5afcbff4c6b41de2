import { useEffect, useState } from 'react';
import { Link, Navigate, Outlet, useLocation, useNavigate, useParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Avatar, Button, Drawer, Dropdown, Grid, Layout, Menu, Typography } from 'antd';
import { api, ApiError, setUnauthorizedHandler } from '../api/client.ts';
import { useMe, useObjects } from '../api/hooks.ts';
import { label } from '../api/types.ts';
import { hasStoredLocale, isLocale } from '../i18n/i18n.ts';
import { useLocale } from '../i18n/locale-context.ts';
import { Loading } from './states.tsx';
import { SearchBox } from '../search/search-box.tsx';
import { ObjectIcon } from './object-icons.tsx';

/** The frame of every page after login: navigation from metadata, the user menu, the page itself. */
export function AppShell() {
  const { t } = useTranslation();
  const { locale, setLocale } = useLocale();
  const me = useMe();
  const objects = useObjects();
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const params = useParams();
  const screens = Grid.useBreakpoint();
  const [menuOpen, setMenuOpen] = useState(false);

  useEffect(() => {
    setUnauthorizedHandler(() => navigate(`/login?next=${encodeURIComponent(location.pathname + location.search)}`, { replace: true }));
  }, [navigate, location.pathname, location.search]);
  // The user's own language when this browser has not chosen one.
  useEffect(() => {
    if (me.data && !hasStoredLocale() && isLocale(me.data.locale) && me.data.locale !== locale) setLocale(me.data.locale);
  }, [me.data]); // eslint-disable-line react-hooks/exhaustive-deps

  if (me.isLoading) return <Loading />;
  if (me.error instanceof ApiError && me.error.status === 401) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname)}`} replace />;
  if (!me.data) return <Loading />;

  const logout = async () => {
    await api('POST', '/api/auth/logout').catch(() => undefined);
    queryClient.clear();
    navigate('/login', { replace: true });
  };
  const items = (objects.data ?? []).map((o) => ({ key: o.api_name, icon: o.icon ? <ObjectIcon name={o.icon} /> : undefined, label: <Link to={`/o/${o.api_name}`}>{label(o.plural_label, locale, o.api_name)}</Link> }));
  const nav = <Menu mode="inline" selectedKeys={params.object ? [params.object] : []} items={items} onClick={() => setMenuOpen(false)} aria-label={t('user.navigation')} />;
  const compact = !screens.md;
  const who = me.data.name ?? me.data.email;

  return (
    <Layout className="shell">
      {!compact && (
        <Layout.Sider width={220} theme="light" className="shell-sider">
          <Link to="/" className="shell-brand">
            {t('app.name')}
          </Link>
          {nav}
        </Layout.Sider>
      )}
      <Layout>
        <Layout.Header className="shell-header">
          {compact && (
            <Button type="text" aria-label={t('user.navigation')} onClick={() => setMenuOpen(true)}>
              ☰
            </Button>
          )}
          {compact && (
            <Link to="/" className="shell-brand-inline">
              {t('app.name')}
            </Link>
          )}
          <div className="shell-header-space">
            <SearchBox />
          </div>
          <Dropdown
            trigger={['click']}
            menu={{
              items: [
                { key: 'who', label: <Typography.Text type="secondary">{me.data.email}</Typography.Text>, disabled: true },
                { type: 'divider' },
                {
                  key: 'language',
                  type: 'group',
                  label: t('user.language'),
                  children: [
                    { key: 'zh-CN', label: '中文', onClick: () => setLocale('zh-CN'), extra: locale === 'zh-CN' ? '✓' : undefined },
                    { key: 'en', label: 'English', onClick: () => setLocale('en'), extra: locale === 'en' ? '✓' : undefined },
                  ],
                },
                { type: 'divider' },
                { key: 'logout', label: t('user.logout'), onClick: () => void logout() },
              ],
            }}
          >
            <Button type="text" className="user-menu" aria-label={t('user.menu')}>
              <Avatar size="small">{who.slice(0, 1).toUpperCase()}</Avatar>
              {!compact && <span>{who}</span>}
            </Button>
          </Dropdown>
        </Layout.Header>
        <Layout.Content className="shell-content">
          <Outlet />
        </Layout.Content>
      </Layout>
      <Drawer open={compact && menuOpen} onClose={() => setMenuOpen(false)} placement="left" size={260} title={t('app.name')}>
        {nav}
      </Drawer>
    </Layout>
  );
}
