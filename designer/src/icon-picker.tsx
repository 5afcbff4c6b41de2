/** The designer's picker over the object icons (runtime-ui/src/shell/object-icons.tsx, which /app draws too). */
import { Button, Tooltip } from 'antd';
import { OBJECT_ICONS } from '../../runtime-ui/src/shell/object-icons.tsx';
import { useT } from './i18n/index.ts';

export { ObjectIcon } from '../../runtime-ui/src/shell/object-icons.tsx';

/** A grid of the icons; the chosen one is highlighted. `allowNone`: a "no icon" choice (not when an icon is set: the engine cannot remove one). */
export function IconPicker({ value, onChange, allowNone }: { value?: string; onChange?: (icon: string | undefined) => void; allowNone?: boolean }) {
  const { t } = useT('objects');
  return (
    <div role="radiogroup" aria-label={t('icon')} style={{ display: 'flex', flexWrap: 'wrap', gap: 4, maxWidth: 520 }}>
      {allowNone && (
        <Button size="small" role="radio" aria-checked={!value} type={!value ? 'primary' : 'default'} onClick={() => onChange?.(undefined)}>
          {t('noIcon')}
        </Button>
      )}
      {Object.entries(OBJECT_ICONS).map(([name, Icon]) => (
        <Tooltip key={name} title={name} mouseEnterDelay={0.4}>
          <Button size="small" role="radio" aria-checked={value === name} aria-label={t('iconNamed', { name })} type={value === name ? 'primary' : 'default'} icon={<Icon />} onClick={() => onChange?.(name)} />
        </Tooltip>
      ))}
      {value && !OBJECT_ICONS[value] && <code style={{ alignSelf: 'center' }}>{value}</code>}
    </div>
  );
}
