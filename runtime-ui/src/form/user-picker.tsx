import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Select } from 'antd';
import { api, queryString } from '../api/client.ts';
import './pickers.css';

/** A colleague as the user directory shows them (GET /api/users). */
export interface DirectoryUser {
  id: string;
  name: string;
  email: string;
  department: string | null;
  active: boolean;
}

const directory = (params: Record<string, string | number | undefined>) => api<{ items: DirectoryUser[] }>('GET', `/api/users${queryString(params)}`);

function UserOption({ user }: { user: DirectoryUser }) {
  return (
    <span className="user-option">
      <span className="user-option-name">{user.name}</span>
      <span className="user-option-email">
        {user.email}
        {user.department ? ` · ${user.department}` : ''}
      </span>
    </span>
  );
}

/**
 * Search-as-you-type over the tenant's active users (name, a word of it, or email), each shown with
 * their email; the current value is named even when that user was deactivated since.
 */
export function UserPicker({ id, value, onChange, ariaLabel, disabled, invalid, allowClear = true, className }: { id?: string; value: string | undefined; onChange(id: string | undefined): void; ariaLabel?: string; disabled?: boolean; invalid?: boolean; allowClear?: boolean; className?: string }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const search = useQuery({ queryKey: ['users', text], queryFn: () => directory({ q: text.trim() || undefined, limit: 20 }), staleTime: 30_000 });
  const current = useQuery({
    queryKey: ['user', value],
    enabled: typeof value === 'string' && value.length > 0,
    queryFn: async () => (await directory({ id: value })).items[0] ?? null,
    staleTime: 60_000,
  });
  const options = useMemo(() => {
    const found = search.data?.items ?? [];
    const all = current.data && !found.some((u) => u.id === current.data?.id) ? [current.data, ...found] : found;
    return all.map((user) => ({ value: user.id, label: <UserOption user={user} />, title: user.name }));
  }, [search.data, current.data]);
  return (
    <Select
      id={id}
      className={className ?? 'full-width'}
      showSearch={{ filterOption: false, onSearch: setText }}
      value={value || undefined}
      placeholder={t('form.searchUser')}
      allowClear={allowClear}
      disabled={disabled}
      loading={search.isFetching}
      notFoundContent={search.isFetching ? undefined : t('form.noResults')}
      onChange={(v: string | undefined) => {
        setText('');
        onChange(v ?? undefined);
      }}
      labelRender={(option) => options.find((o) => o.value === option.value)?.title ?? option.label}
      options={options}
      aria-label={ariaLabel}
      status={invalid ? 'error' : undefined}
      popupMatchSelectWidth={false}
    />
  );
}
