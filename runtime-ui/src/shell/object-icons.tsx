/**
 * Object icons, shared by /app (navigation) and /designer (object manager, icon picker): a fixed set of names
 * (the engine takes any `^[a-z0-9-]{1,64}$`; these are the ones drawn, the CRM package's among them) drawn
 * with @ant-design/icons.
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

/** An object's icon; a name not drawn here shows as the generic one. `className` is passed on (antd's menu adds its own). */
export function ObjectIcon({ name, className }: { name?: string; className?: string }) {
  if (!name) return null;
  const Icon = OBJECT_ICONS[name] ?? AppstoreOutlined;
  return (
    <span className={className ? `object-icon ${className}` : 'object-icon'} title={name} aria-hidden>
      <Icon />
    </span>
  );
}
