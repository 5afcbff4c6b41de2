import type { FieldType } from './field-type.ts';
import { lowerUuid, uuidSchema } from './uuid.ts';

/** The tenant's users table. Users are deactivated, not deleted, so a referenced user blocks deletion. */
const USERS_TABLE = '_users';

export const userType: FieldType = {
  name: 'user',
  label: { en: 'User', 'zh-CN': '用户' },
  settings: {},
  supportsUnique: false,
  supportsIndex: true,
  columns: (field) => [{ name: field.api_name, sqlType: 'uuid', references: { table: USERS_TABLE, onDelete: 'restrict' } }],
  valueSchema: () => uuidSchema,
  toColumns: (value, field) => ({ [field.api_name]: lowerUuid(value) }),
  fromColumns: (row, field) => lowerUuid(row[field.api_name]),
  sortColumn: (field) => field.api_name,
  castFrom: {},
  samples: {
    good: [{ input: '0190f5a4-7c1e-7d2a-9b3c-4d5e6f708194' }],
    bad: ['', 'admin', 'urn:uuid:0190f5a4-7c1e-7d2a-9b3c-4d5e6f708194', 7],
  },
};
