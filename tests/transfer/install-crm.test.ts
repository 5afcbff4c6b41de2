import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qualify } from '../../engine/src/db/index.ts';
import type { InstallReport } from '../../engine/src/transfer/index.ts';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { CRM_PACKAGE, install, tenantState } from './support.ts';

/** The date the demo data's relative dates count from in this test. */
const TODAY = '2026-03-15';

const CRM_OBJECTS = [
  'campaign', 'contact', 'contract', 'customer', 'follow_up', 'invoice', 'knowledge_article', 'lead', 'opportunity',
  'opportunity_line', 'payment', 'payment_plan', 'product', 'quote', 'quote_line', 'task', 'ticket',
];

let t: TestEngine;
let actorId: string;
let first: InstallReport;
/** Records the install reported creating, per object. */
let created: Record<string, number> = {};

const rows = async <T = Record<string, unknown>>(sql: string, bindings: unknown[] = []) => (await t.engine.knex.raw<{ rows: T[] }>(sql, bindings as never[])).rows;
const table = (name: string) => qualify(t.tenant.schema, name);
const count = async (name: string, where = 'true') => Number((await rows<{ n: number }>(`select count(*)::int as n from ${table(name)} where ${where}`))[0]?.n);

beforeAll(async () => {
  t = await startTestEngine();
  actorId = (await t.request({ method: 'GET', url: '/api/auth/me' })).json<{ id: string }>().id;
  first = await install(t.engine.knex, CRM_PACKAGE, { tenant: t.tenant, actorId, today: TODAY });
  if (first.sampleData.installed) created = first.sampleData.records;
  t.engine.models.invalidate(t.tenant.slug, first.metadata.version);
  console.log(`CRM install with sample data: ${first.ms} ms (sample data ${first.sampleData.installed ? first.sampleData.ms : 0} ms)`);
}, 300_000);

afterAll(async () => {
  await t.close();
});

describe('seed-apps/crm installed into a fresh tenant', () => {
  it('creates every object as a real table in one metadata change, lookup cycles included', async () => {
    expect(first.outcome).toBe('installed');
    expect(first.metadata.created.sort()).toEqual(CRM_OBJECTS);
    expect(first.metadata).toMatchObject({ previousVersion: 0, version: 1, changed: [] });
    expect((await tenantState(t.engine.knex, t.tenant)).tables).toEqual(CRM_OBJECTS);
    // customer.primary_contact → contact and contact.customer → customer: both foreign keys exist.
    const fks = await rows<{ tbl: string; col: string; target: string }>(
      `select c.conrelid::regclass::text as tbl, a.attname as col, c.confrelid::regclass::text as target
         from pg_constraint c join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
        where c.contype = 'f' and c.connamespace = ?::regnamespace`,
      [t.tenant.schema],
    );
    const fk = (tbl: string, col: string) => fks.find((f) => f.tbl.endsWith(`.${tbl}`) && f.col === col)?.target.split('.').pop();
    expect(fk('customer', 'primary_contact')).toBe('contact');
    expect(fk('contact', 'customer')).toBe('customer');
    expect(fk('payment', 'payment_plan')).toBe('payment_plan');
    // One change record per object, all at the new version.
    const changes = await rows<{ version: string; kind: string; object: string }>(`select version, kind, object from ${table('_meta_changes')}`);
    expect(changes).toHaveLength(CRM_OBJECTS.length);
    expect(new Set(changes.map((c) => `${c.version}:${c.kind}`))).toEqual(new Set(['1:create_object']));
  });

  it('labels every object and field in English and Chinese, through the metadata API', async () => {
    const res = await t.request({ method: 'GET', url: '/api/meta/objects' });
    const items = res.json<{ items: Array<{ api_name: string; label: Record<string, string>; fields: Array<{ api_name: string; label: Record<string, string> }> }> }>().items;
    expect(items.map((o) => o.api_name).sort()).toEqual(CRM_OBJECTS);
    for (const object of items) {
      expect(object.label, object.api_name).toEqual({ en: expect.any(String), 'zh-CN': expect.any(String) });
      for (const field of object.fields) expect(field.label, `${object.api_name}.${field.api_name}`).toEqual({ en: expect.any(String), 'zh-CN': expect.any(String) });
    }
    const contract = items.find((o) => o.api_name === 'contract');
    expect(contract?.label).toEqual({ en: 'Contract', 'zh-CN': '合同' });
    expect(contract?.fields.find((f) => f.api_name === 'number')).toMatchObject({ type: 'autonumber', pattern: 'HT-{YYYY}-{0000}' });
  });

  it('creates the default roles with their data scopes', async () => {
    const roles = (await t.request({ method: 'GET', url: '/api/admin/roles' })).json<{ items: Array<{ api_name: string; data_scopes: Record<string, string>; default_scope: string; object_rights: Record<string, Record<string, boolean>> }> }>().items;
    const role = (name: string) => roles.find((r) => r.api_name === name);
    expect(roles.map((r) => r.api_name).sort()).toEqual(['crm_admin', 'sales_manager', 'sales_rep', 'service_agent']);
    expect(role('crm_admin')?.default_scope).toBe('all');
    expect(role('crm_admin')?.object_rights.contract).toMatchObject({ modify_all: true, create: true });
    expect(role('sales_manager')?.data_scopes.opportunity).toBe('department_and_subdepartments');
    expect(role('sales_rep')?.data_scopes).toMatchObject({ lead: 'self', customer: 'self', opportunity: 'self', product: 'all' });
    expect(role('service_agent')?.data_scopes.ticket).toBe('all');
    expect(role('service_agent')?.object_rights.ticket).toMatchObject({ create: true, edit: true });
    expect(role('service_agent')?.object_rights.customer).toMatchObject({ read: true, edit: false, create: false, delete: false });
  });

  it('loads the demo company: three departments, eight users with roles and managers', async () => {
    expect(await count('_departments')).toBe(3);
    const users = await rows<{ email: string; roles: string[]; department: string | null; manager: string | null }>(
      `select u.email, d.name as department, m.email as manager,
              array(select r.api_name from ${table('_user_roles')} ur join ${table('_roles')} r on r.id = ur.role_id where ur.user_id = u.id) as roles
         from ${table('_users')} u left join ${table('_departments')} d on d.id = u.department_id left join ${table('_users')} m on m.id = u.manager_id
        where u.email like '%@demo.tessera.local' order by u.email`,
    );
    expect(users).toHaveLength(8);
    expect(users.find((u) => u.email === 'li.na@demo.tessera.local')).toMatchObject({ roles: ['sales_rep'], manager: 'chen.ming@demo.tessera.local', department: '销售一部 Sales East' });
    expect(users.find((u) => u.email === 'liu.yang@demo.tessera.local')).toMatchObject({ roles: ['sales_manager'], manager: null });
    expect(users.filter((u) => u.roles.includes('service_agent'))).toHaveLength(2);
  });

  it('loads the stated volumes of demo records through the save pipeline', async () => {
    expect(first.sampleData).toMatchObject({ installed: true, deferred: 500 });
    expect(await count('customer')).toBe(500);
    expect(await count('lead')).toBe(300);
    expect(await count('opportunity')).toBe(400);
    expect(await count('ticket')).toBe(200);
    expect(await count('contact')).toBeGreaterThanOrEqual(1400);
    expect(await count('contract')).toBeGreaterThanOrEqual(100);
    expect(await count('payment_plan')).toBeGreaterThan(await count('contract', "approval_status = 'approved'"));
    expect(await count('payment')).toBeGreaterThan(100);
    for (const object of CRM_OBJECTS) {
      expect(await count(object), object).toBe(created[object]);
    }
    const stages = await rows<{ stage: string }>(`select distinct stage from ${table('opportunity')} order by stage`);
    expect(stages.map((s) => s.stage)).toEqual(['lost', 'needs_analysis', 'negotiation', 'proposal', 'qualification', 'won']);
    // Autonumbers came from the pipeline.
    expect(await count('contract', `number ~ '^HT-\\d{4}-\\d{4}$'`)).toBe(await count('contract'));
    expect(await count('payment', `number ~ '^HK-\\d{4}-\\d{4}$'`)).toBe(await count('payment'));
  });

  it('resolves lookups between sample records, cycles included', async () => {
    // Every customer's primary contact (set after the contacts existed) is one of its own contacts.
    expect(await count('customer', 'primary_contact is null')).toBe(0);
    const foreign = await rows(`select 1 from ${table('customer')} c join ${table('contact')} p on p.id = c.primary_contact where p.customer <> c.id`);
    expect(foreign).toHaveLength(0);
    expect(await count('customer', 'parent_customer is not null')).toBeGreaterThan(0);
    // A payment's plan belongs to the payment's contract, and the contract to the payment's customer.
    const mismatched = await rows(
      `select 1 from ${table('payment')} p join ${table('payment_plan')} pp on pp.id = p.payment_plan join ${table('contract')} c on c.id = p.contract
        where pp.contract <> p.contract or c.customer <> p.customer`,
    );
    expect(mismatched).toHaveLength(0);
    // Owners and assignees are the demo users.
    const owners = await rows<{ email: string }>(`select distinct u.email from ${table('opportunity')} o join ${table('_users')} u on u.id = o.owner_id order by 1`);
    expect(owners.map((o) => o.email)).toEqual(['chen.ming@demo.tessera.local', 'david.miller@demo.tessera.local', 'emily.zhou@demo.tessera.local', 'li.na@demo.tessera.local', 'liu.yang@demo.tessera.local', 'zhao.lei@demo.tessera.local']);
    const pooled = await rows<{ owner_id: string | null; previous_owner: string | null }>(`select owner_id, previous_owner from ${table('customer')} where in_pool`);
    expect(pooled.length).toBeGreaterThan(0);
    expect(pooled.every((c) => c.owner_id === null && c.previous_owner !== null)).toBe(true);
    // Read through the API: a contact names its customer's id.
    const contacts = (await t.request({ method: 'GET', url: '/api/records/contact?limit=5' })).json<{ items: Array<{ customer: string }> }>().items;
    for (const contact of contacts) expect((await t.request({ method: 'GET', url: `/api/records/customer/${contact.customer}` })).statusCode).toBe(200);
  });

  it('spreads dates over the 18 months before the install date, with follow-ups due that day', async () => {
    const [range] = await rows<{ first: string; last: string }>(`select min(signed_date)::text as first, max(signed_date)::text as last from ${table('contract')}`);
    expect(range?.first && range.first >= '2024-09-13').toBe(true); // 548 days before 2026-03-15
    expect(range?.last && range.last <= TODAY).toBe(true);
    expect(await count('follow_up', `next_follow_up_date = '${TODAY}'`)).toBeGreaterThan(0);
    expect(await count('payment_plan', `status = 'overdue' and planned_date < '${TODAY}'`)).toBeGreaterThan(0);
    expect(await count('payment_plan', `status = 'due' and planned_date >= '${TODAY}'`)).toBeGreaterThan(0);
  });

  it('records the package, its metadata snapshot and which version brought each object and field', async () => {
    const [row] = await rows<{ name: string; version: string; snapshot: { objects: unknown[]; roles: unknown[] }; provenance: { objects: Record<string, { installed: string; fields: Record<string, { installed: string }> }> } }>(`select * from ${table('_packages')}`);
    expect(row).toMatchObject({ name: 'crm', version: '1.0.0' });
    expect(row?.snapshot.objects).toHaveLength(CRM_OBJECTS.length);
    expect(row?.snapshot.roles).toHaveLength(4);
    expect(row?.provenance.objects.contract).toMatchObject({ installed: '1.0.0', fields: { number: { installed: '1.0.0' }, amount: { installed: '1.0.0' } } });
  });

  it('installing it again changes nothing', async () => {
    const before = await tenantState(t.engine.knex, t.tenant);
    const [packageBefore] = await rows(`select * from ${table('_packages')}`);
    const again = await install(t.engine.knex, CRM_PACKAGE, { tenant: t.tenant, actorId, today: '2026-04-01' });
    expect(again.outcome).toBe('unchanged');
    expect(again.metadata).toEqual({ previousVersion: 1, version: 1, created: [], changed: [], operations: [] });
    expect(again.roles).toEqual({ created: [], updated: [] });
    expect(again.sampleData).toEqual({ installed: false, reason: 'already_installed' });
    expect(await tenantState(t.engine.knex, t.tenant)).toEqual(before);
    for (const object of CRM_OBJECTS) expect(await count(object), object).toBe(created[object]);
    expect((await rows(`select * from ${table('_packages')}`))[0]).toEqual(packageBefore);
  });
});
