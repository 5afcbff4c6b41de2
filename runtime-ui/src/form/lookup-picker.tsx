import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Select } from 'antd';
import { api, ApiError, queryString } from '../api/client.ts';
import type { ApiRecord, RecordPage } from '../api/types.ts';

/** Search-as-you-type over the target object's records (the list API's `q`, else a name filter). */
export function LookupPicker({ id, target, nameField, value, onChange, ariaLabel, disabled, invalid, className }: { id?: string; target: string; nameField: string; value: string | undefined; onChange(id: string | undefined): void; ariaLabel?: string; disabled?: boolean; invalid?: boolean; className?: string }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const search = useQuery({
    queryKey: ['lookup', target, text],
    queryFn: async () => {
      const base = { limit: 20, fields: nameField, sort: nameField };
      try {
        return await api<RecordPage>('GET', `/api/records/${target}${queryString({ ...base, q: text || undefined })}`);
      } catch (err) {
        if (!(err instanceof ApiError) || err.status !== 400 || !text) throw err;
        const filter = JSON.stringify({ in: [text, { var: nameField }] });
        return api<RecordPage>('GET', `/api/records/${target}${queryString({ ...base, filter })}`);
      }
    },
    staleTime: 10_000,
  });
  const current = useQuery({
    queryKey: ['name', target, value],
    enabled: typeof value === 'string' && value.length > 0,
    queryFn: () => api<ApiRecord>('GET', `/api/records/${target}/${encodeURIComponent(String(value))}?fields=${nameField}`),
    staleTime: 60_000,
  });
  const options = useMemo(() => {
    const found = (search.data?.items ?? []).map((r) => ({ value: r.id, label: String(r[nameField] ?? r.id) }));
    if (current.data && !found.some((o) => o.value === current.data.id)) found.unshift({ value: current.data.id, label: String(current.data[nameField] ?? current.data.id) });
    return found;
  }, [search.data, current.data, nameField]);
  return (
    <Select
      id={id}
      className={className}
      showSearch={{ filterOption: false, onSearch: setText }}
      value={value || undefined}
      placeholder={t('form.search')}
      allowClear
      disabled={disabled}
      loading={search.isFetching}
      notFoundContent={search.isFetching ? undefined : t('form.noResults')}
      onChange={(v: string | undefined) => onChange(v ?? undefined)}
      options={options}
      aria-label={ariaLabel}
      status={invalid ? 'error' : undefined}
    />
  );
}
