import { Link, useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Alert, Card, Empty, Typography } from 'antd';
import { api, ApiError } from '../api/client.ts';
import { useObjects } from '../api/hooks.ts';
import { label, type LocalizedText } from '../api/types.ts';
import { useLocale } from '../i18n/locale-context.ts';
import { ErrorState, Loading } from '../shell/states.tsx';
import './search.css';

/** `GET /api/search` (docs/search.md). */
interface SearchAnswer {
  q: string;
  groups: Array<{
    object: string;
    label: LocalizedText;
    total: number;
    exact: boolean;
    items: Array<{ id: string; name: string | null; matched: Record<string, unknown> }>;
  }>;
}

const PER_OBJECT = 10;

/** Global search: the best matches of every object the user may read, grouped by object. */
export default function SearchPage() {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const [params] = useSearchParams();
  const q = (params.get('q') ?? '').trim();
  const objects = useObjects();
  const answer = useQuery({
    queryKey: ['search', q],
    enabled: q.length > 0 && q.length <= 200,
    queryFn: () => api<SearchAnswer>('GET', `/api/search?q=${encodeURIComponent(q)}&limit=${PER_OBJECT}`),
  });

  const head = <Typography.Title level={3}>{q ? t('search.results', { q }) : t('search.title')}</Typography.Title>;
  if (!q) return <div className="page">{head}</div>;
  if (q.length > 200) return <div className="page">{head}<Alert type="warning" showIcon title={t('search.tooLong')} /></div>;
  if (answer.isLoading) return <div className="page">{head}<Loading /></div>;
  if (answer.error)
    return (
      <div className="page">
        {head}
        {answer.error instanceof ApiError && answer.error.status === 400 ? <Alert type="warning" showIcon title={answer.error.message} /> : <ErrorState error={answer.error} retry={() => void answer.refetch()} />}
      </div>
    );

  const groups = answer.data?.groups ?? [];
  return (
    <div className="page search-page">
      {head}
      {groups.length === 0 && <Empty description={t('search.none', { q })} />}
      {groups.map((group) => {
        const object = objects.data?.find((o) => o.api_name === group.object);
        const fieldLabel = (name: string) => label(object?.fields.find((f) => f.api_name === name)?.label, locale, name);
        return (
          <Card
            key={group.object}
            size="small"
            className="search-group"
            data-object={group.object}
            title={
              <span className="search-group-title">
                {label(object?.plural_label ?? group.label, locale, group.object)}
                <Typography.Text type="secondary" className="search-group-count">
                  {group.exact ? t('search.found', { count: group.total }) : t('search.foundMore', { count: group.total })}
                </Typography.Text>
              </span>
            }
            extra={group.total > group.items.length ? <Link to={`/o/${group.object}?q=${encodeURIComponent(q)}`}>{t('search.showAll')}</Link> : undefined}
          >
            <ul className="search-hits">
              {group.items.map((hit) => (
                <li key={hit.id}>
                  <Link to={`/o/${group.object}/${hit.id}`} className="search-hit-name">
                    {hit.name || hit.id.slice(0, 8)}
                  </Link>
                  {Object.entries(hit.matched)
                    .filter(([field]) => field !== object?.name_field)
                    .map(([field, value]) => (
                      <Typography.Text key={field} type="secondary" className="search-hit-match">
                        {fieldLabel(field)}: {String(value)}
                      </Typography.Text>
                    ))}
                </li>
              ))}
            </ul>
          </Card>
        );
      })}
    </div>
  );
}
