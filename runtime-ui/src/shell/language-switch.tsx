import { Segmented } from 'antd';
import { useLocale } from '../i18n/locale-context.ts';
import type { Locale } from '../api/types.ts';

/** 中文 / English: changes the app's text, metadata labels and date formats at once. */
export function LanguageSwitch() {
  const { locale, setLocale } = useLocale();
  return (
    <Segmented<Locale>
      size="small"
      value={locale}
      onChange={setLocale}
      options={[
        { label: '中文', value: 'zh-CN' },
        { label: 'EN', value: 'en' },
      ]}
    />
  );
}
