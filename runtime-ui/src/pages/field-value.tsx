import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Tag } from 'antd';
import dayjs from 'dayjs';
import { api } from '../api/client.ts';
import { useObjects } from '../api/hooks.ts';
import { label, type ApiRecord, type FieldDef } from '../api/types.ts';
import { useLocale } from '../i18n/locale-context.ts';
import { UserName } from '../form/user-name.tsx';

// Building an Intl.NumberFormat costs far more than using one: one per locale and style, kept.
const formats = new Map<string, Intl.NumberFormat>();
export function numberText(value: number, locale: string, options: Intl.NumberFormatOptions = {}): string {
  const key = `${locale}|${options.style ?? ''}|${options.currency ?? ''}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { maximumFractionDigits: 4, ...options });
    formats.set(key, format);
  }
  return format.format(value);
}

/** A looked-up record's name: from the expanded record when the list asked for it, else fetched once and cached. */
function LookupName({ target, value }: { target: string; value: unknown }) {
  const objects = useObjects();
  const object = objects.data?.find((o) => o.api_name === target);
  const expanded = typeof value === 'object' && value !== null ? (value as ApiRecord) : undefined;
  const id = expanded ? expanded.id : String(value);
  const fetched = useQuery({
    queryKey: ['name', target, id],
    enabled: !expanded && !!object,
    queryFn: () => api<ApiRecord>('GET', `/api/records/${encodeURIComponent(target)}/${encodeURIComponent(id)}?fields=${encodeURIComponent(object?.name_field ?? 'id')}`),
    staleTime: 60_000,
  });
  const record = expanded ?? fetched.data;
  const name = record && object ? record[object.name_field] : undefined;
  return <Link to={`/o/${target}/${id}`}>{typeof name === 'string' && name ? name : id.slice(0, 8)}</Link>;
}

/** One field's value as a person reads it: picklist labels in colour, money with its code, dates in the user's language. */
export function FieldValue({ field, value }: { field: FieldDef; value: unknown }) {
  const { locale } = useLocale();
  return fieldValue(field, value, locale);
}

/**
 * What FieldValue shows, as a plain function: a list calls it for each of its cells without a component
 * (and its hooks) per cell, the language coming from the list's own columns.
 */
export function fieldValue(field: FieldDef, value: unknown, locale: string): React.ReactNode {
  if (value === null || value === undefined || value === '') return <span className="empty-value">—</span>;
  switch (field.type) {
    case 'picklist':
    case 'multi_picklist': {
      const chosen = Array.isArray(value) ? value : [value];
      return (
        <>
          {chosen.map((v) => {
            const option = field.values?.find((o) => o.value === v);
            return (
              <Tag key={String(v)} color={option?.color}>
                {label(option?.label, locale, String(v))}
              </Tag>
            );
          })}
        </>
      );
    }
    case 'currency': {
      const money = value as { amount: number; currency: string };
      return <span className="number">{numberText(money.amount, locale, { style: 'currency', currency: money.currency })}</span>;
    }
    case 'percent':
      return <span className="number">{numberText(Number(value), locale)} %</span>;
    case 'integer':
    case 'decimal':
      return <span className="number">{numberText(Number(value), locale)}</span>;
    case 'boolean':
      return value ? '✓' : '✗';
    case 'date':
      return dayjs(String(value)).format(locale === 'zh-CN' ? 'YYYY年M月D日' : 'MMM D, YYYY');
    case 'datetime':
      return dayjs(String(value)).format(locale === 'zh-CN' ? 'YYYY年M月D日 HH:mm' : 'MMM D, YYYY HH:mm');
    case 'lookup':
      return field.target ? <LookupName target={field.target} value={value} /> : String(value);
    case 'user':
      return <UserName id={String(value)} />;
    case 'rich_text':
      // Sanitised by the engine when saved (field-types/rich-text.ts).
      return <div className="rich-text" dangerouslySetInnerHTML={{ __html: String(value) }} />;
    case 'url':
      return (
        <a href={String(value)} target="_blank" rel="noreferrer noopener">
          {String(value)}
        </a>
      );
    case 'email':
      return <a href={`mailto:${String(value)}`}>{String(value)}</a>;
    case 'json':
      return <code>{JSON.stringify(value)}</code>;
    default:
      return String(value);
  }
}
