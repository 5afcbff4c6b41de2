import { useEffect, useState } from 'react';
import { useLocation, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Dropdown, Input, Typography } from 'antd';
import { useMe, useObjects } from '../api/hooks.ts';
import { label } from '../api/types.ts';
import { useLocale } from '../i18n/locale-context.ts';
import { useRecentRecords } from './recent.ts';

/** The header's search box: Enter opens the results page; focused while empty, it lists the recently viewed records. */
export function SearchBox() {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const me = useMe();
  const objects = useObjects();
  const recent = useRecentRecords(me.data);
  const onResults = location.pathname === '/search';
  const [text, setText] = useState(onResults ? (params.get('q') ?? '') : '');
  const [focused, setFocused] = useState(false);
  // The box shows what the results page shows; elsewhere it starts empty.
  useEffect(() => setText(onResults ? (params.get('q') ?? '') : ''), [onResults, params]);

  const objectLabel = (name: string) => label(objects.data?.find((o) => o.api_name === name)?.label, locale, name);
  const items = recent.length
    ? [
        {
          key: 'recent',
          type: 'group' as const,
          label: t('search.recent'),
          children: recent.map((r) => ({
            key: `${r.object}/${r.id}`,
            label: (
              <span className="recent-item">
                <span className="recent-name">{r.name}</span>
                <Typography.Text type="secondary" className="recent-object">
                  {objectLabel(r.object)}
                </Typography.Text>
              </span>
            ),
          })),
        },
      ]
    : [{ key: 'none', label: <Typography.Text type="secondary">{t('search.noRecent')}</Typography.Text>, disabled: true }];

  return (
    <Dropdown
      open={focused && text === ''}
      menu={{
        items,
        onClick: ({ key }) => {
          setFocused(false);
          navigate(`/o/${key}`);
        },
      }}
      // Clicking an entry must not blur the box first (that would close the list before the click lands).
      popupRender={(menu) => <div onMouseDown={(e) => e.preventDefault()}>{menu}</div>}
      classNames={{ root: 'search-recent' }}
    >
      <Input.Search
        className="shell-search"
        value={text}
        placeholder={t('search.placeholder')}
        aria-label={t('search.placeholder')}
        allowClear
        maxLength={200}
        onChange={(e) => setText(e.target.value)}
        onFocus={() => setFocused(true)}
        onBlur={() => setFocused(false)}
        onKeyDown={(e) => e.key === 'Escape' && (e.target as HTMLInputElement).blur()}
        onSearch={(value, _e, info) => {
          if (info?.source === 'clear') return;
          const q = value.trim();
          if (!q) return;
          (document.activeElement as HTMLElement | null)?.blur();
          navigate(`/search?q=${encodeURIComponent(q)}`);
        }}
      />
    </Dropdown>
  );
}
