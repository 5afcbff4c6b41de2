import { quoteIdent } from './quote.ts';

/**
 * System tables inside every tenant schema. Their names start with `_`, which API names
 * cannot, so they never collide with an object's table.
 */
export function tenantMigrations(schema: string): Array<{ name: string; sql: string[] }> {
  const t = (name: string) => `${quoteIdent(schema)}.${quoteIdent(name)}`;
  return [
    {
      name: '001_system_tables',
      sql: [
        `create table ${t('_meta_state')} (id int primary key default 1 check (id = 1), version bigint not null default 0)`,
        `insert into ${t('_meta_state')} (id, version) values (1, 0)`,
        `create table ${t('_meta_objects')} (
          api_name text primary key,
          definition jsonb not null,
          created_at timestamptz not null default now(),
          updated_at timestamptz not null default now()
        )`,
        `create table ${t('_meta_changes')} (
          id uuid primary key,
          version bigint not null,
          at timestamptz not null default now(),
          actor_id uuid,
          kind text not null,
          object text not null,
          field text,
          before jsonb,
          after jsonb,
          statements jsonb not null default '[]',
          reverts uuid
        )`,
        `create index on ${t('_meta_changes')} (object, at desc)`,
        `create table ${t('_users')} (
          id uuid primary key,
          email text not null,
          name text not null,
          password_hash text,
          is_admin boolean not null default false,
          active boolean not null default true,
          locale text not null default 'en',
          time_zone text not null default 'UTC',
          created_at timestamptz not null default now(),
          updated_at timestamptz not null default now()
        )`,
        `create unique index ${quoteIdent('_users_email_key')} on ${t('_users')} (lower(email))`,
        `create table ${t('_sessions')} (
          id uuid primary key,
          token_hash text not null unique,
          user_id uuid not null references ${t('_users')} (id) on delete cascade,
          created_at timestamptz not null default now(),
          expires_at timestamptz not null,
          revoked_at timestamptz
        )`,
        `create table ${t('_autonumbers')} (
          object text not null,
          field text not null,
          period text not null,
          value bigint not null,
          primary key (object, field, period)
        )`,
      ],
    },
  ];
}
