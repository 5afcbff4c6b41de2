import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSharingCondition, sharingFilters } from '../../engine/src/access/index.ts';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { createObject, listUrl, type ApiRecord, type RecordPage } from '../support/record-helpers.ts';
import { expectProblem, expectRefusedWithoutChange } from '../support/snapshot.ts';
import { auditOf, expectStatus, logIn } from './helpers.ts';

/**
 * Sharing rules through HTTP: a JSON-logic condition on an object's records opens them, for reading or
 * editing, to roles and departments — on every read path, at once, never past the object rights.
 */

let t: TestEngine;
/** Another tenant, for isolation. */
let other: TestEngine;

type UserKey = 'rep' | 'colleague' | 'agent' | 'field_agent' | 'outsider';
const users = {} as Record<UserKey, { id: string; token: string }>;
const departments = {} as Record<'sales' | 'service' | 'field', string>;
const deals = {} as Record<'east' | 'west' | 'repOwn' | 'viaEastAccount' | 'viaWestAccount', string>;
let eastProject: string;

const as = (key: UserKey, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: Record<string, unknown>) =>
  t.request({ method, url, token: users[key].token, ...(payload ? { payload } : {}) });

async function adminCreate(object: string, payload: Record<string, unknown>): Promise<string> {
  return (expectStatus(await t.request({ method: 'POST', url: `/api/records/${object}`, payload }), 201).json() as ApiRecord).id;
}

/** The deal names a user's list shows (GET and POST …/query alike), sorted. */
async function dealNames(key: UserKey, filter?: unknown): Promise<string[]> {
  const listed = expectStatus(await as(key, 'GET', listUrl('deal', { limit: 500, ...(filter === undefined ? {} : { filter }) })), 200).json() as RecordPage;
  const queried = expectStatus(await as(key, 'POST', '/api/records/deal/query', { limit: 500, ...(filter === undefined ? {} : { filter }) }), 200).json() as RecordPage;
  const names = listed.items.map((r) => String(r.name)).sort();
  expect(queried.items.map((r) => String(r.name)).sort()).toEqual(names);
  return names;
}

async function dealCount(key: UserKey): Promise<number> {
  return (expectStatus(await as(key, 'GET', '/api/records/deal/count'), 200).json() as { count: number }).count;
}

const getDeal = (key: UserKey, id: string) => as(key, 'GET', `/api/records/deal/${id}`);

async function createRule(payload: Record<string, unknown>, engine: TestEngine = t): Promise<{ id: string } & Record<string, unknown>> {
  return expectStatus(await engine.request({ method: 'POST', url: '/api/admin/sharing-rules', payload }), 201).json() as { id: string } & Record<string, unknown>;
}
const patchRule = async (id: string, payload: Record<string, unknown>) => expectStatus(await t.request({ method: 'PATCH', url: `/api/admin/sharing-rules/${id}`, payload }), 200).json() as Record<string, unknown>;
const deleteRule = async (id: string) => expectStatus(await t.request({ method: 'DELETE', url: `/api/admin/sharing-rules/${id}` }), 204);
const EAST = { '==': [{ var: 'region' }, 'east'] };

beforeAll(async () => {
  t = await startTestEngine();
  other = await startTestEngine();
  await createObject(t, { api_name: 'account', label: { en: 'Account' }, fields: [{ api_name: 'region', type: 'text' }] });
  await createObject(t, {
    api_name: 'deal',
    label: { en: 'Deal' },
    fields: [
      { api_name: 'region', type: 'text' },
      { api_name: 'amount', type: 'integer' },
      { api_name: 'account', type: 'lookup', target: 'account', on_delete: 'set_null' },
    ],
  });
  await createObject(t, { api_name: 'project', label: { en: 'Project' }, fields: [{ api_name: 'region', type: 'text' }] });
  await createObject(other, { api_name: 'deal', label: { en: 'Deal' }, fields: [{ api_name: 'region', type: 'text' }] });

  const department = async (name: string, parent: string | null) =>
    (expectStatus(await t.request({ method: 'POST', url: '/api/admin/departments', payload: { name, parent_id: parent } }), 201).json() as { id: string }).id;
  departments.sales = await department('Sales', null);
  departments.service = await department('Service', null);
  departments.field = await department('Field service', departments.service);

  const role = async (payload: Record<string, unknown>) => expectStatus(await t.request({ method: 'POST', url: '/api/admin/roles', payload: { default_scope: 'self', ...payload } }), 201);
  await role({ api_name: 'sales_rep', object_rights: { deal: { create: true, edit: true, delete: true }, account: { read: true }, project: { read: true } } });
  await role({ api_name: 'reader', object_rights: { deal: { read: true } } });
  await role({ api_name: 'outsider', object_rights: { account: { read: true } } });
  expectStatus(await other.request({ method: 'POST', url: '/api/admin/roles', payload: { api_name: 'sales_rep', object_rights: { deal: { read: true } } } }), 201);

  const user = async (key: UserKey, roles: string[], department: string) => {
    const email = `${key}@sharing.test`;
    const payload = { email, name: key, password: `${key} password 1`, roles, department_id: department };
    const id = (expectStatus(await t.request({ method: 'POST', url: '/api/admin/users', payload }), 201).json() as { id: string }).id;
    users[key] = { id, token: (await logIn(t, email, payload.password)).token };
  };
  await user('rep', ['sales_rep'], departments.sales);
  await user('colleague', ['sales_rep'], departments.sales);
  await user('agent', ['reader'], departments.service);
  await user('field_agent', ['reader'], departments.field);
  await user('outsider', ['outsider'], departments.sales);

  const accountEast = await adminCreate('account', { name: 'East account', region: 'east', owner_id: users.colleague.id });
  const accountWest = await adminCreate('account', { name: 'West account', region: 'west', owner_id: users.colleague.id });
  deals.east = await adminCreate('deal', { name: 'east deal', region: 'east', amount: 10, owner_id: users.colleague.id });
  deals.west = await adminCreate('deal', { name: 'west deal', region: 'west', amount: 20, owner_id: users.colleague.id });
  deals.repOwn = await adminCreate('deal', { name: 'rep deal', region: 'north', amount: 30, owner_id: users.rep.id });
  deals.viaEastAccount = await adminCreate('deal', { name: 'rep deal at east account', region: 'north', owner_id: users.rep.id, account: accountEast });
  deals.viaWestAccount = await adminCreate('deal', { name: 'rep deal at west account', region: 'north', owner_id: users.rep.id, account: accountWest });
  eastProject = await adminCreate('project', { name: 'east project', region: 'east', owner_id: users.colleague.id });
}, 120_000);

afterAll(async () => {
  await t?.close();
  await other?.close();
});

const REP_OWN = ['rep deal', 'rep deal at east account', 'rep deal at west account'];

describe('a read rule', () => {
  it('shows a colleague’s matching records to the role — list, query, get and count — and only those', async () => {
    expect(await dealNames('rep')).toEqual(REP_OWN);
    expect(await dealCount('rep')).toBe(3);
    expectProblem(await getDeal('rep', deals.east), { status: 404, code: 'record_not_found' });

    const rule = await createRule({ object: 'deal', api_name: 'east_deals', label: 'East deals', condition: EAST, access: 'read', roles: ['sales_rep'] });
    expect(rule).toMatchObject({ object: 'deal', api_name: 'east_deals', access: 'read', roles: ['sales_rep'], departments: [], include_subdepartments: false, active: true, problems: [] });

    expect(await dealNames('rep')).toEqual(['east deal', ...REP_OWN]);
    expect(await dealCount('rep')).toBe(4);
    expect((expectStatus(await getDeal('rep', deals.east), 200).json() as ApiRecord).name).toBe('east deal');
    expectProblem(await getDeal('rep', deals.west), { status: 404, code: 'record_not_found' });
    expect(await dealNames('rep', { '>=': [{ var: 'amount' }, 10] })).toEqual(['east deal', 'rep deal']);
    // A user of another role, in the same department, sees nothing more.
    expect(await dealNames('agent')).toEqual([]);
    await deleteRule(rule.id);
  });

  it('lets the record be read, not changed: PATCH and DELETE are 403, and nothing changes', async () => {
    const rule = await createRule({ object: 'deal', api_name: 'east_read', condition: EAST, access: 'read', roles: ['sales_rep'] });
    expectProblem(await as('rep', 'PATCH', `/api/records/deal/${deals.east}`, { amount: 11 }), { status: 403, code: 'forbidden' });
    expectProblem(await as('rep', 'DELETE', `/api/records/deal/${deals.east}`), { status: 403, code: 'forbidden' });
    expect((expectStatus(await getDeal('rep', deals.east), 200).json() as ApiRecord).amount).toBe(10);

    // An edit rule opens it for writing.
    await patchRule(rule.id, { access: 'edit' });
    const patched = expectStatus(await as('rep', 'PATCH', `/api/records/deal/${deals.east}`, { amount: 12 }), 200).json() as ApiRecord;
    expect(patched.amount).toBe(12);
    expectProblem(await as('rep', 'PATCH', `/api/records/deal/${deals.west}`, { amount: 21 }), { status: 404, code: 'record_not_found' });
    await deleteRule(rule.id);
    expectProblem(await as('rep', 'PATCH', `/api/records/deal/${deals.east}`, { amount: 13 }), { status: 404, code: 'record_not_found' });
  });

  it('never gives more than the object rights: an edit rule gives a read-only role reading, and a role without read nothing', async () => {
    const rule = await createRule({ object: 'deal', api_name: 'east_for_everyone', condition: EAST, access: 'edit', roles: ['reader', 'outsider'] });
    expect(await dealNames('agent')).toEqual(['east deal']);
    expectProblem(await as('agent', 'PATCH', `/api/records/deal/${deals.east}`, { amount: 99 }), { status: 403, code: 'forbidden' });
    expectProblem(await as('outsider', 'GET', '/api/records/deal'), { status: 403, code: 'forbidden' });
    expectProblem(await getDeal('outsider', deals.east), { status: 403, code: 'forbidden' });
    await deleteRule(rule.id);
  });

  it('opens only records of its own object: a deal rule opens no project, a project rule no deal', async () => {
    const dealRule = await createRule({ object: 'deal', api_name: 'east_deals_only', condition: EAST, access: 'read', roles: ['sales_rep'] });
    const projects = () => as('rep', 'GET', '/api/records/project').then((r) => (expectStatus(r, 200).json() as RecordPage).items.map((i) => i.name));
    expect(await projects()).toEqual([]);
    expectProblem(await as('rep', 'GET', `/api/records/project/${eastProject}`), { status: 404, code: 'record_not_found' });
    await deleteRule(dealRule.id);

    const projectRule = await createRule({ object: 'project', api_name: 'east_projects', condition: EAST, access: 'read', roles: ['sales_rep'] });
    expect(await projects()).toEqual(['east project']);
    expect(await dealNames('rep')).toEqual(REP_OWN);
    await deleteRule(projectRule.id);
  });
});

describe('grantees, activity and revocation', () => {
  it('grants to a department, and to its sub-departments only when asked to', async () => {
    const rule = await createRule({ object: 'deal', api_name: 'west_to_service', condition: { '==': [{ var: 'region' }, 'west'] }, access: 'read', departments: [departments.service] });
    expect(await dealNames('agent')).toEqual(['west deal']);
    expect(await dealNames('field_agent')).toEqual([]);
    expect(await dealNames('rep')).toEqual(REP_OWN);

    await patchRule(rule.id, { include_subdepartments: true });
    expect(await dealNames('field_agent')).toEqual(['west deal']);

    // Granted to the sub-department alone, the department above sees nothing.
    await patchRule(rule.id, { departments: [departments.field] });
    expect(await dealNames('field_agent')).toEqual(['west deal']);
    expect(await dealNames('agent')).toEqual([]);
    await deleteRule(rule.id);
  });

  it('an inactive rule grants nothing; reactivated, it grants again at the next request', async () => {
    const rule = await createRule({ object: 'deal', api_name: 'east_inactive', condition: EAST, access: 'read', roles: ['sales_rep'], active: false });
    expect(rule.active).toBe(false);
    expect(await dealNames('rep')).toEqual(REP_OWN);
    expectProblem(await getDeal('rep', deals.east), { status: 404, code: 'record_not_found' });
    await patchRule(rule.id, { active: true });
    expect(await dealNames('rep')).toEqual(['east deal', ...REP_OWN]);
    await patchRule(rule.id, { active: false });
    expect(await dealCount('rep')).toBe(3);
    await deleteRule(rule.id);
  });

  it('deleting a rule, or changing its condition, takes effect at once (the access version moves)', async () => {
    const rule = await createRule({ object: 'deal', api_name: 'east_then_gone', condition: EAST, access: 'read', roles: ['sales_rep'] });
    // Read twice: the second answer comes from the cached access.
    expect(await dealNames('rep')).toEqual(['east deal', ...REP_OWN]);
    expect(await dealNames('rep')).toEqual(['east deal', ...REP_OWN]);
    await patchRule(rule.id, { condition: { '>': [{ var: 'amount' }, 15] } });
    expect(await dealNames('rep')).toEqual([...REP_OWN, 'west deal']);
    await deleteRule(rule.id);
    expect(await dealNames('rep')).toEqual(REP_OWN);
    expect(await dealCount('rep')).toBe(3);
    expectProblem(await getDeal('rep', deals.west), { status: 404, code: 'record_not_found' });
  });

  it('a looked-up record opened by a rule counts as readable in a filter through the lookup; one it does not open reads as empty', async () => {
    expect(await dealNames('rep', { '==': [{ var: 'account.region' }, 'east'] })).toEqual([]);
    const rule = await createRule({ object: 'account', api_name: 'east_accounts', condition: EAST, access: 'read', roles: ['sales_rep'] });
    expect(await dealNames('rep', { '==': [{ var: 'account.region' }, 'east'] })).toEqual(['rep deal at east account']);
    expect(await dealNames('rep', { '==': [{ var: 'account.region' }, 'west'] })).toEqual([]);
    await deleteRule(rule.id);
  });
});

describe('the admin API', () => {
  const valid = { object: 'deal', api_name: 'valid_rule', condition: EAST, access: 'read', roles: ['sales_rep'] };
  const post = (payload: unknown) => ({ method: 'POST' as const, url: '/api/admin/sharing-rules', payload: payload as Record<string, unknown> });

  it('refuses bad rules naming the field, and saves nothing', async () => {
    const cases: Array<[Record<string, unknown>, string, string?]> = [
      [{ ...valid, condition: { '==': [{ var: 'regoin' }, 'east'] } }, 'condition.==.0.var'],
      [{ ...valid, condition: { and: [EAST, { '==': [{ var: 'account.region' }, 'east'] }] } }, 'condition.and.1.==.0.var', 'another record'],
      [{ ...valid, condition: { '>': [{ var: 'created_at' }, { now: [] }] } }, 'condition.>.1.now', 'clock'],
      [{ ...valid, condition: { changed: 'region' } }, 'condition.changed'],
      [{ ...valid, condition: { eval: 'region' } }, 'condition.eval'],
      [{ ...valid, object: 'nothing_here' }, 'object'],
      [{ ...valid, access: 'write' }, 'access'],
      [{ ...valid, roles: ['no_such_role'] }, 'roles.0'],
      [{ ...valid, roles: [], departments: ['0196f1c2-0000-7000-8000-000000000000'] }, 'departments.0'],
      [{ ...valid, roles: [], departments: ['not-a-uuid'] }, 'departments.0'],
      [{ ...valid, roles: [] }, 'roles', 'at least one'],
      [{ ...valid, api_name: 'Not A Name' }, 'api_name'],
      [{ ...valid, colour: 'red' }, 'colour'],
      [{ object: 'deal', api_name: 'no_condition', access: 'read', roles: ['sales_rep'] }, 'condition'],
    ];
    for (const [payload, field, words] of cases) {
      const problem = await expectRefusedWithoutChange(t, post(payload), { status: 422, code: 'validation_failed', fields: [field] });
      if (words) expect(problem.errors?.find((e) => e.field === field)?.message, field).toContain(words);
    }
    const malformed = await t.request({ method: 'POST', url: '/api/admin/sharing-rules', payload: '{"object": ', headers: { 'content-type': 'application/json' } });
    expectProblem(malformed, { status: 400, code: 'invalid_json' });
    const listed = expectStatus(await t.request({ method: 'GET', url: '/api/admin/sharing-rules' }), 200).json() as { items: unknown[] };
    expect(listed.items).toEqual([]);
  });

  it('keeps api_names unique per object, object and api_name fixed, and refuses a bad change without changing the rule', async () => {
    const rule = await createRule(valid);
    await expectRefusedWithoutChange(t, post(valid), { status: 409, code: 'duplicate_name', fields: ['api_name'] });
    const onProject = await createRule({ ...valid, object: 'project' });
    const patch = (payload: Record<string, unknown>) => ({ method: 'PATCH' as const, url: `/api/admin/sharing-rules/${rule.id}`, payload });
    await expectRefusedWithoutChange(t, patch({ object: 'project' }), { status: 422, code: 'immutable_property', fields: ['object'] });
    await expectRefusedWithoutChange(t, patch({ api_name: 'renamed' }), { status: 422, code: 'immutable_property', fields: ['api_name'] });
    await expectRefusedWithoutChange(t, patch({ condition: { '==': [{ var: 'nope' }, 1] }, access: 'edit' }), { status: 422, code: 'validation_failed', fields: ['condition.==.0.var'] });
    await expectRefusedWithoutChange(t, patch({ roles: [] }), { status: 422, code: 'validation_failed', fields: ['roles'] });
    await expectRefusedWithoutChange(t, patch({}), { status: 422, code: 'validation_failed' });
    expectProblem(await t.request({ method: 'PATCH', url: '/api/admin/sharing-rules/not-an-id', payload: { active: false } }), { status: 404, code: 'sharing_rule_not_found' });

    const byObject = expectStatus(await t.request({ method: 'GET', url: '/api/admin/sharing-rules?object=project' }), 200).json() as { items: Array<{ id: string }> };
    expect(byObject.items.map((i) => i.id)).toEqual([onProject.id]);
    expect(expectStatus(await t.request({ method: 'GET', url: `/api/admin/sharing-rules/${rule.id}` }), 200).json()).toMatchObject({ access: 'read', condition: EAST });
    await deleteRule(rule.id);
    await deleteRule(onProject.id);
    expectProblem(await t.request({ method: 'DELETE', url: `/api/admin/sharing-rules/${rule.id}` }), { status: 404, code: 'sharing_rule_not_found' });
  });

  it('is for administrators only, reads included', async () => {
    const rule = await createRule({ ...valid, api_name: 'admin_only' });
    for (const request of [
      { method: 'GET' as const, url: '/api/admin/sharing-rules' },
      { method: 'GET' as const, url: `/api/admin/sharing-rules/${rule.id}` },
      { method: 'POST' as const, url: '/api/admin/sharing-rules', payload: { ...valid, api_name: 'by_rep' } },
      { method: 'PATCH' as const, url: `/api/admin/sharing-rules/${rule.id}`, payload: { active: false } },
      { method: 'DELETE' as const, url: `/api/admin/sharing-rules/${rule.id}` },
    ]) {
      await expectRefusedWithoutChange(t, { ...request, token: users.rep.token }, { status: 403, code: 'forbidden' });
    }
    await deleteRule(rule.id);
  });

  it('keeps tenants apart: another tenant’s admin can neither see nor change a rule, and its rules open nothing here', async () => {
    const rule = await createRule({ ...valid, api_name: 'tenant_a_rule' });
    const theirs = await createRule({ object: 'deal', api_name: 'tenant_b_rule', condition: EAST, access: 'edit', roles: ['sales_rep'] }, other);
    const listed = expectStatus(await other.request({ method: 'GET', url: '/api/admin/sharing-rules' }), 200).json() as { items: Array<{ id: string }> };
    expect(listed.items.map((i) => i.id)).toEqual([theirs.id]);
    for (const request of [
      { method: 'GET' as const, url: `/api/admin/sharing-rules/${rule.id}` },
      { method: 'PATCH' as const, url: `/api/admin/sharing-rules/${rule.id}`, payload: { access: 'edit' } },
      { method: 'DELETE' as const, url: `/api/admin/sharing-rules/${rule.id}` },
    ]) {
      expectProblem(await other.request(request), { status: 404, code: 'sharing_rule_not_found' });
    }
    expect(expectStatus(await t.request({ method: 'GET', url: `/api/admin/sharing-rules/${rule.id}` }), 200).json()).toMatchObject({ access: 'read', active: true });
    await deleteRule(rule.id);
    // Tenant B's edit rule for its own sales_rep role changes nothing for tenant A's reps.
    expect(await dealNames('rep')).toEqual(REP_OWN);
  });

  it('writes every change to the security audit log, with before and after', async () => {
    const rule = await createRule({ ...valid, api_name: 'audited' });
    await patchRule(rule.id, { access: 'edit' });
    await deleteRule(rule.id);
    const entries = (await auditOf(t, ['sharing_rule_created', 'sharing_rule_updated', 'sharing_rule_deleted'])).filter((e) => e.target_id === rule.id);
    expect(entries.map((e) => e.kind)).toEqual(['sharing_rule_deleted', 'sharing_rule_updated', 'sharing_rule_created']);
    const [deleted, updated, created] = entries as Array<{ actor_id: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null }>;
    expect(created?.after).toMatchObject({ api_name: 'audited', access: 'read', roles: ['sales_rep'] });
    expect(updated?.before).toMatchObject({ access: 'read' });
    expect(updated?.after).toMatchObject({ access: 'edit' });
    expect(deleted?.before).toMatchObject({ api_name: 'audited', access: 'edit' });
    expect(deleted?.after).toBeNull();
  });

  it('shows the problems of a rule whose field was archived since, and such a rule opens nothing', async () => {
    await createObject(t, { api_name: 'visit', label: { en: 'Visit' }, fields: [{ api_name: 'area', type: 'text' }] });
    expectStatus(await t.request({ method: 'PATCH', url: '/api/admin/roles/' + (await roleId('sales_rep')), payload: { object_rights: { deal: { create: true, edit: true, delete: true }, account: { read: true }, project: { read: true }, visit: { read: true } } } }), 200);
    await adminCreate('visit', { name: 'east visit', area: 'east', owner_id: users.colleague.id });
    const rule = await createRule({ object: 'visit', api_name: 'east_visits', condition: { '==': [{ var: 'area' }, 'east'] }, access: 'read', roles: ['sales_rep'] });
    const visits = async () => (expectStatus(await as('rep', 'GET', '/api/records/visit'), 200).json() as RecordPage).items.map((i) => i.name);
    expect(await visits()).toEqual(['east visit']);
    expectStatus(await t.request({ method: 'DELETE', url: '/api/meta/objects/visit/fields/area' }), 200);
    const shown = expectStatus(await t.request({ method: 'GET', url: `/api/admin/sharing-rules/${rule.id}` }), 200).json() as { problems: Array<{ field: string }> };
    expect(shown.problems.map((p) => p.field)).toEqual(['condition.==.0.var']);
    expect(await visits()).toEqual([]);
    await deleteRule(rule.id);
  });
});

async function roleId(apiName: string): Promise<string> {
  const roles = expectStatus(await t.request({ method: 'GET', url: '/api/admin/roles' }), 200).json() as { items: Array<{ id: string; api_name: string }> };
  return roles.items.find((r) => r.api_name === apiName)?.id as string;
}

describe('compiled form', () => {
  it('reads the record’s own columns unqualified, so the filter holds under any alias of the table, with every value bound', async () => {
    const model = await t.engine.models.get(t.tenant.slug);
    const filters = sharingFilters(
      [
        { id: 'a', condition: EAST, access: 'read' },
        { id: 'b', condition: { '>': [{ var: 'amount' }, 15] }, access: 'edit' },
      ],
      model,
      'deal',
    );
    expect(filters.read?.sql).not.toMatch(/"deal"\./);
    expect(filters.read?.sql).toContain('"region"');
    expect(filters.read?.sql).not.toContain('east');
    expect(filters.read?.bindings).toContain('east');
    expect(filters.edit?.sql).toContain('"amount"');
    expect(filters.edit?.sql).not.toContain('"region"');
    expect(sharingFilters([], model, 'deal')).toEqual({ read: null, edit: null });
    expect(checkSharingCondition({ '==': [{ var: 'account' }, null] }, model, 'deal')).toEqual([]);
    expect(checkSharingCondition({ '==': [{ var: 'account.id' }, null] }, model, 'deal')).toEqual([]);
    // Every way of reading another record is refused where it is written, as the compiler would refuse it.
    for (const condition of [{ missing: ['account.region'] }, { missing_some: [1, ['region', 'account.region']] }, { '!!': { var: 'account.region' } }]) {
      const errors = checkSharingCondition(condition, model, 'deal');
      expect(errors.length, JSON.stringify(condition)).toBeGreaterThan(0);
      expect(errors.every((e) => e.field.startsWith('condition.')), JSON.stringify(errors)).toBe(true);
    }
  });
});
