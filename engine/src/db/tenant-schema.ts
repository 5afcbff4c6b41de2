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
    {
      // Identity and access: departments, roles, permission sets, API keys, password resets, login
      // throttling and the security audit log. Rights and scopes are stored here; the query engine applies them.
      name: '002_identity',
      sql: [
        `create table ${t('_departments')} (
          id uuid primary key,
          name text not null,
          parent_id uuid references ${t('_departments')} (id) on delete restrict,
          created_at timestamptz not null default now(),
          updated_at timestamptz not null default now(),
          check (parent_id is null or parent_id <> id)
        )`,
        `create unique index ${quoteIdent('_departments_sibling_name_key')} on ${t('_departments')} (coalesce(parent_id, '00000000-0000-0000-0000-000000000000'::uuid), lower(name))`,
        `create index on ${t('_departments')} (parent_id)`,
        `alter table ${t('_users')}
          add column phone text,
          add column department_id uuid references ${t('_departments')} (id) on delete restrict,
          add column manager_id uuid references ${t('_users')} (id) on delete restrict,
          add column last_login_at timestamptz,
          add check (manager_id is null or manager_id <> id)`,
        `create index on ${t('_users')} (department_id)`,
        `create index on ${t('_users')} (manager_id)`,
        `create table ${t('_roles')} (
          id uuid primary key,
          api_name text not null unique,
          label jsonb not null,
          description text,
          object_rights jsonb not null default '{}',
          field_rights jsonb not null default '{}',
          data_scopes jsonb not null default '{}',
          default_scope text not null default 'self',
          created_at timestamptz not null default now(),
          updated_at timestamptz not null default now()
        )`,
        `create table ${t('_permission_sets')} (
          id uuid primary key,
          api_name text not null unique,
          label jsonb not null,
          description text,
          object_rights jsonb not null default '{}',
          field_rights jsonb not null default '{}',
          created_at timestamptz not null default now(),
          updated_at timestamptz not null default now()
        )`,
        `create table ${t('_user_roles')} (
          user_id uuid not null references ${t('_users')} (id) on delete cascade,
          role_id uuid not null references ${t('_roles')} (id) on delete restrict,
          primary key (user_id, role_id)
        )`,
        `create index on ${t('_user_roles')} (role_id)`,
        `create table ${t('_user_permission_sets')} (
          user_id uuid not null references ${t('_users')} (id) on delete cascade,
          permission_set_id uuid not null references ${t('_permission_sets')} (id) on delete restrict,
          primary key (user_id, permission_set_id)
        )`,
        `create index on ${t('_user_permission_sets')} (permission_set_id)`,
        `alter table ${t('_sessions')} add column csrf_hash text`,
        `create index on ${t('_sessions')} (user_id)`,
        `create table ${t('_api_keys')} (
          id uuid primary key,
          user_id uuid not null references ${t('_users')} (id) on delete cascade,
          name text not null,
          prefix text not null,
          key_hash text not null unique,
          created_at timestamptz not null default now(),
          last_used_at timestamptz,
          expires_at timestamptz,
          revoked_at timestamptz
        )`,
        `create index on ${t('_api_keys')} (user_id)`,
        `create table ${t('_password_resets')} (
          id uuid primary key,
          user_id uuid not null references ${t('_users')} (id) on delete cascade,
          token_hash text not null unique,
          created_at timestamptz not null default now(),
          expires_at timestamptz not null,
          used_at timestamptz
        )`,
        `create index on ${t('_password_resets')} (user_id, created_at)`,
        `create table ${t('_login_throttle')} (
          ip text not null,
          email text not null,
          failures int not null,
          last_failure_at timestamptz not null,
          locked_until timestamptz,
          primary key (ip, email)
        )`,
        `create table ${t('_audit_log')} (
          id uuid primary key,
          at timestamptz not null default now(),
          kind text not null,
          actor_id uuid,
          user_id uuid,
          email text,
          ip text,
          user_agent text,
          target_id text,
          before jsonb,
          after jsonb,
          detail jsonb
        )`,
        `create index on ${t('_audit_log')} (kind, id)`,
        `create index on ${t('_audit_log')} (at)`,
      ],
    },
    {
      // Record access: record teams (members with read or edit access, optional expiry), and the index
      // on owner_id that data scopes filter by, for object tables created before the engine made it.
      name: '003_record_access',
      sql: [
        `create table ${t('_record_teams')} (
          object text not null,
          record_id uuid not null,
          user_id uuid not null references ${t('_users')} (id) on delete cascade,
          access text not null check (access in ('read', 'edit')),
          expires_at timestamptz,
          added_by uuid,
          created_at timestamptz not null default now(),
          primary key (object, record_id, user_id)
        )`,
        `create index on ${t('_record_teams')} (user_id, object)`,
        ownerIndexes(schema),
        // Every change that can change what someone may see bumps the access version; the engine reads it
        // with each credential and keeps an actor's computed access only while the version stands.
        `create table ${t('_access_state')} (id int primary key default 1 check (id = 1), version bigint not null default 0)`,
        `insert into ${t('_access_state')} (id, version) values (1, 0)`,
        `create function ${t('_access_changed')}() returns trigger language plpgsql as $access$
          begin
            execute format('update %I._access_state set version = version + 1', tg_table_schema);
            return null;
          end
          $access$`,
        ...['_departments', '_roles', '_permission_sets', '_user_roles', '_user_permission_sets', '_record_teams'].map(
          (table) => `create trigger ${quoteIdent('access_changed')} after insert or update or delete or truncate on ${t(table)} for each statement execute function ${t('_access_changed')}()`,
        ),
        `create trigger ${quoteIdent('access_changed')} after insert or delete or update of department_id, manager_id on ${t('_users')} for each statement execute function ${t('_access_changed')}()`,
      ],
    },
    {
      // Packages installed in this tenant (transfer/): the version, and the package's own metadata as
      // installed, which is the base an upgrade diffs against so the tenant's customisations are kept.
      name: '004_packages',
      sql: [
        `create table ${t('_packages')} (
          name text primary key,
          version text not null,
          label jsonb not null,
          description jsonb,
          installed_at timestamptz not null default now(),
          updated_at timestamptz not null default now(),
          installed_by uuid,
          snapshot jsonb not null,
          provenance jsonb not null,
          sample_data_installed_at timestamptz
        )`,
      ],
    },
    {
      // Field history (records/field-history.ts): one row per audited field an update changed, written in
      // the update's transaction; values are JSON as the API shows them.
      name: '005_field_history',
      sql: [
        `create table ${t('_field_history')} (
          id uuid primary key,
          object text not null,
          record_id uuid not null,
          field text not null,
          old_value jsonb,
          new_value jsonb,
          actor_id uuid,
          at timestamptz not null default now()
        )`,
        `create index on ${t('_field_history')} (object, record_id, at)`,
      ],
    },
    {
      // Sharing rules (access/sharing-rules*.ts): a JSON-logic condition on an object's records that opens
      // them, for reading or editing, to roles and departments. A change bumps the access version.
      name: '006_sharing_rules',
      sql: [
        `create table ${t('_sharing_rules')} (
          id uuid primary key,
          object text not null,
          api_name text not null,
          label jsonb not null,
          description text,
          condition jsonb not null,
          access text not null check (access in ('read', 'edit')),
          roles uuid[] not null default '{}',
          departments uuid[] not null default '{}',
          include_subdepartments boolean not null default false,
          active boolean not null default true,
          created_at timestamptz not null default now(),
          updated_at timestamptz not null default now(),
          unique (object, api_name)
        )`,
        `create trigger ${quoteIdent('access_changed')} after insert or update or delete or truncate on ${t('_sharing_rules')} for each statement execute function ${t('_access_changed')}()`,
      ],
    },
    {
      // Saved views (records/saved-views.ts): a user's own list views of an object — columns, sort and a
      // JSON-logic filter — private, or shared with everyone who may read the object.
      name: '007_saved_views',
      sql: [
        `create table ${t('_saved_views')} (
          id uuid primary key,
          object text not null,
          owner_id uuid not null references ${t('_users')} (id) on delete cascade,
          name text not null,
          shared boolean not null default false,
          definition jsonb not null,
          created_at timestamptz not null default now(),
          updated_at timestamptz not null default now()
        )`,
        `create index on ${t('_saved_views')} (object, owner_id)`,
        `create index on ${t('_saved_views')} (object) where shared`,
      ],
    },
    {
      // Designer layout (metadata/diagram-positions.ts): where admins placed each object's box on a diagram
      // (the ER diagram: 'er'). Not metadata versions: moving a box is no change to undo.
      name: '008_designer_layout',
      sql: [
        `create table ${t('_designer_layout')} (
          diagram text not null,
          object text not null,
          x double precision not null,
          y double precision not null,
          updated_by uuid,
          updated_at timestamptz not null default now(),
          primary key (diagram, object)
        )`,
      ],
    },
  ];
}

/**
 * Indexes owner_id on every object table of the schema that lacks it, named as the schema stage names
 * indexes (`ix_<table>_<sha256(table.column)>`). Object tables are the ones whose names do not start with `_`.
 */
function ownerIndexes(schema: string): string {
  const literal = `'${schema.replace(/'/g, "''")}'`;
  return `do $owner_indexes$
    declare r record;
    begin
      for r in select c.relname::text as name from pg_class c
                 join pg_namespace n on n.oid = c.relnamespace
                 join pg_attribute a on a.attrelid = c.oid and a.attname = 'owner_id' and not a.attisdropped
               where n.nspname = ${literal} and c.relkind = 'r' and left(c.relname::text, 1) <> '_'
      loop
        execute format('create index if not exists %I on %I.%I (owner_id)',
          'ix_' || left(r.name, 30) || '_' || left(encode(sha256(convert_to(r.name || '.owner_id', 'UTF8')), 'hex'), 16), ${literal}, r.name);
      end loop;
    end
    $owner_indexes$`;
}
