import type { FieldDef, ObjectDef, TenantMetadata } from '../../engine/src/metadata/index.ts';

/** A small CRM for checker and lookup tests: deals point at accounts, accounts at parent accounts. */
const label = (en: string) => ({ en });
const picklist = (...names: string[]) => names.map((value) => ({ value, label: label(value) }));

const accountFields: FieldDef[] = [
  { api_name: 'name', type: 'text', label: label('Name') },
  { api_name: 'industry', type: 'picklist', label: label('Industry'), values: picklist('tech', 'bank', 'retail') },
  { api_name: 'parent', type: 'lookup', label: label('Parent'), target: 'account', on_delete: 'set_null' },
];

const dealFields: FieldDef[] = [
  { api_name: 'name', type: 'text', label: label('Name') },
  { api_name: 'stage', type: 'picklist', label: label('Stage'), values: picklist('new', 'won', 'lost'), indexed: true },
  { api_name: 'amount', type: 'decimal', label: label('Amount'), precision: 12, scale: 2, indexed: true },
  { api_name: 'seats', type: 'integer', label: label('Seats'), indexed: true },
  { api_name: 'close_date', type: 'date', label: label('Close date') },
  { api_name: 'closed_at', type: 'datetime', label: label('Closed at') },
  { api_name: 'tags', type: 'multi_picklist', label: label('Tags'), values: picklist('hot', 'cold') },
  { api_name: 'budget', type: 'currency', label: label('Budget'), currencies: ['CNY', 'USD'], default_currency: 'CNY' },
  { api_name: 'customer', type: 'lookup', label: label('Customer'), target: 'account', on_delete: 'set_null' },
  { api_name: 'owner', type: 'user', label: label('Owner') },
  { api_name: 'old_note', type: 'text', label: label('Old'), archived: true },
];

const object = (api_name: string, fields: FieldDef[]): ObjectDef => ({ api_name, label: label(api_name), plural_label: label(`${api_name}s`), name_field: 'name', fields });

export function crmMetadata(): TenantMetadata {
  return { version: 1, objects: [object('account', accountFields), object('deal', dealFields)] };
}
