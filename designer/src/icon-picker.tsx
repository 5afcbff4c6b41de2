/**
 * Object icons: a fixed set of names (the engine takes any `^[a-z0-9-]{1,64}$`; these are the ones the
 * designer draws, the CRM package's among them) drawn with @ant-design/icons, and a picker over them.
 */
import type { ComponentType } from 'react';
import {
  AccountBookOutlined, AimOutlined, AppstoreOutlined, BankOutlined, BarChartOutlined, BookOutlined, BugOutlined, CalendarOutlined,
  CarOutlined, CheckSquareOutlined, CodeSandboxOutlined, ContactsOutlined, CustomerServiceOutlined, DatabaseOutlined, DollarOutlined,
  EnvironmentOutlined, FileProtectOutlined, FileTextOutlined, FlagOutlined, FolderOutlined, GiftOutlined, GlobalOutlined, HeartOutlined,
  HomeOutlined, IdcardOutlined, MailOutlined, MessageOutlined, NotificationOutlined, PhoneOutlined, ProjectOutlined, RocketOutlined,
  ShopOutlined, ShoppingCartOutlined, StarOutlined, TagOutlined, TeamOutlined, ToolOutlined, TrophyOutlined, UnorderedListOutlined,
  UserAddOutlined, WalletOutlined,
} from '@ant-design/icons';
import { Button, Tooltip } from 'antd';
import { useT } from './i18n/index.ts';

export const OBJECT_ICONS: Record<string, ComponentType> = {
  folder: FolderOutlined,
  building: BankOutlined,
  'id-card': IdcardOutlined,
  'user-plus': UserAddOutlined,
  team: TeamOutlined,
  contacts: ContactsOutlined,
  target: AimOutlined,
  megaphone: NotificationOutlined,
  message: MessageOutlined,
  mail: MailOutlined,
  phone: PhoneOutlined,
  calendar: CalendarOutlined,
  'check-square': CheckSquareOutlined,
  list: UnorderedListOutlined,
  'file-text': FileTextOutlined,
  'file-signature': FileProtectOutlined,
  receipt: AccountBookOutlined,
  wallet: WalletOutlined,
  dollar: DollarOutlined,
  box: CodeSandboxOutlined,
  'shopping-cart': ShoppingCartOutlined,
  shop: ShopOutlined,
  tag: TagOutlined,
  gift: GiftOutlined,
  book: BookOutlined,
  'life-ring': CustomerServiceOutlined,
  project: ProjectOutlined,
  'bar-chart': BarChartOutlined,
  flag: FlagOutlined,
  star: StarOutlined,
  heart: HeartOutlined,
  trophy: TrophyOutlined,
  rocket: RocketOutlined,
  tool: ToolOutlined,
  bug: BugOutlined,
  car: CarOutlined,
  home: HomeOutlined,
  globe: GlobalOutlined,
  'map-pin': EnvironmentOutlined,
  database: DatabaseOutlined,
  apps: AppstoreOutlined,
};

/** An object's icon; a name the designer does not draw shows as the generic one. */
export function ObjectIcon({ name }: { name?: string }) {
  if (!name) return null;
  const Icon = OBJECT_ICONS[name] ?? AppstoreOutlined;
  return (
    <span className="object-icon" title={name} aria-hidden>
      <Icon />
    </span>
  );
}

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
