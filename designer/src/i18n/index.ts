import i18next from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import type { Locale } from '../../../runtime-ui/src/api/types.ts';
import type { AreaTexts } from './texts.ts';
import { common } from './common.ts';
import { listViews } from './listViews.ts';
import { er } from './er.ts';
import { layouts } from './layouts.ts';
import { shell } from './shell.ts';
import { logic } from './logic.ts';
import { validation } from './validation.ts';
import { objects } from './objects.ts';
import { fields } from './fields.ts';
import { plan } from './plan.ts';

/**
 * Every area of the designer's text, by namespace. A new area: a file beside this one made with
 * `texts(en, zh)`, one line here, then `const { t } = useT('area')` in its components.
 */
const AREAS = {
  common,
  listViews,
  er,
  layouts,
  shell,
  logic,
  validation,
  objects,
  fields,
  plan,
} satisfies Record<string, AreaTexts>;

export type Area = keyof typeof AREAS;

export function createDesignerI18n(locale: Locale) {
  const resources: Record<Locale, Record<string, Record<string, string>>> = { en: {}, 'zh-CN': {} };
  for (const [area, text] of Object.entries(AREAS) as [string, AreaTexts][]) {
    resources.en[area] = text.en;
    resources['zh-CN'][area] = text['zh-CN'];
  }
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    lng: locale,
    fallbackLng: 'en',
    ns: Object.keys(AREAS),
    defaultNS: 'common',
    resources,
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  return instance;
}

/** `const { t } = useT('objects')` → t('newObject'); common words as t('common:save'). */
export function useT(area: Area) {
  return useTranslation(area);
}

export { useLocale } from '../../../runtime-ui/src/i18n/locale-context.ts';
