import type { FieldError } from '../kernel/index.ts';
import type { FieldDef, OnDelete } from '../metadata/index.ts';
import type { ColumnSpec, FieldType } from './field-type.ts';
import { lowerUuid, uuidSchema } from './uuid.ts';

const ON_DELETE: Record<OnDelete, NonNullable<ColumnSpec['references']>['onDelete']> = { restrict: 'restrict', set_null: 'set null', cascade: 'cascade' };

function targetOf(field: FieldDef): string {
  // check() has refused a lookup without a target before columns are ever asked for.
  if (!field.target) throw new Error(`lookup field ${field.api_name} has no target`);
  return field.target;
}

function checkLookup(field: FieldDef, ctx: { objectExists(apiName: string): boolean }): FieldError[] {
  const errors: FieldError[] = [];
  if (!field.target) errors.push({ field: 'target', message: 'a lookup needs the object it points at' });
  else if (!ctx.objectExists(field.target)) errors.push({ field: 'target', message: `there is no object "${field.target}"` });
  // Clearing the value when the parent goes would break the field's own rule.
  if (field.required && field.on_delete === 'set_null') errors.push({ field: 'on_delete', message: 'a required lookup cannot be cleared when its record is deleted; use restrict or cascade' });
  return errors;
}

export const lookupType: FieldType = {
  name: 'lookup',
  label: { en: 'Lookup', 'zh-CN': '查找关系' },
  settings: {
    target: { type: 'string', pattern: '^[a-z][a-z0-9_]{0,62}$' },
    on_delete: { type: 'string', enum: ['restrict', 'set_null', 'cascade'] },
  },
  supportsUnique: true,
  supportsIndex: true,
  check: checkLookup,
  columns: (field) => [{ name: field.api_name, sqlType: 'uuid', references: { table: targetOf(field), onDelete: ON_DELETE[field.on_delete ?? 'restrict'] } }],
  valueSchema: () => uuidSchema,
  toColumns: (value, field) => ({ [field.api_name]: lowerUuid(value) }),
  fromColumns: (row, field) => lowerUuid(row[field.api_name]),
  sortColumn: (field) => field.api_name,
  castFrom: {
    // Ids of one object mean nothing in another: a new target is allowed only while no record has a value.
    lookup: (column, from, to) => (from.target === to.target ? {} : { failing: `${column} is not null` }),
  },
  samples: {
    field: { target: 'account', on_delete: 'set_null' },
    good: [{ input: '0190f5a4-7c1e-7d2a-9b3c-4d5e6f708192' }, { input: '0190F5A4-7C1E-7D2A-9B3C-4D5E6F708193', output: '0190f5a4-7c1e-7d2a-9b3c-4d5e6f708193' }],
    bad: ['', 'not-a-uuid', 'urn:uuid:0190f5a4-7c1e-7d2a-9b3c-4d5e6f708192', '0190f5a47c1e7d2a9b3c4d5e6f708192', 42, { id: '0190f5a4-7c1e-7d2a-9b3c-4d5e6f708192' }],
  },
};
