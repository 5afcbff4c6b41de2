import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { api, ApiError } from '../api/client.ts';
import { LanguageSwitch } from '../shell/language-switch.tsx';

interface LoginValues {
  email: string;
  password: string;
  tenant?: string;
}

export function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // One organisation per server is the usual case; a link with ?tenant=<slug> names another.
  const tenant = params.get('tenant') ?? undefined;

  const submit = async (values: LoginValues) => {
    setBusy(true);
    setError(null);
    try {
      await api('POST', '/api/auth/login', values);
      queryClient.clear();
      const next = params.get('next');
      navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true });
    } catch (err) {
      setError(err instanceof ApiError && err.status !== 401 ? err.message : t('login.failed'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login-screen">
      <Card className="login-card">
        <div className="login-head">
          <Typography.Title level={3}>{t('login.title')}</Typography.Title>
          <LanguageSwitch />
        </div>
        {error && <Alert type="error" showIcon title={error} className="login-error" />}
        <Form<LoginValues> layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item name="email" label={t('login.email')} rules={[{ required: true, message: t('login.emailRequired') }]}>
            <Input type="email" autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          {tenant !== undefined && (
            <Form.Item name="tenant" label={t('login.tenant')} initialValue={tenant}>
              <Input autoComplete="organization" />
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
