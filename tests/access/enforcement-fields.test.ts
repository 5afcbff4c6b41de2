import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { listUrl, problemOf, tableRows, type ApiRecord, type RecordPage } from '../support/record-helpers.ts';
import { dealRows, seedWorld, setRoles, sortedKeys, tokenOf, type World } from './enforcement-world.ts';

/** Field-level security: hidden fields never leave the server, and cannot be filtered, sorted, asked for or written. */

let t: TestEngine;
let world: World;
let rep: string;
let ownDeal: ApiRecord;

beforeAll(async () => {
  t = await startTestEngine();
  world = await seedWorld(t);
  // masked: deals of the department tree; margin hidden, discount and owner_id read-only.
  await setRoles(world, 'rep_a1', ['masked']);
  rep = await tokenOf(world, 'rep_a1');
  const rows = await dealRows(world);
  const id = rows.find((r) => r.name === 'rep_a1-1')?.id as string;
  ownDeal = (await t.request({ method: 'GET', url: `/api/records/deal/${id}`, token: rep })).json() as ApiRecord;
}, 120_000);
afterAll(() => t.close());

const asRep = (method: string, url: string, payload?: Record<string, unknown>) => t.request({ method: method as 'GET', url, token: rep, ...(payload ? { payload } : {}) });

function expectForbidden(res: { statusCode: number; body: string; headers: Record<string, unknown>; json(): unknown }, fields: string[]): void {
  const problem = problemOf(res as never);
  expect([problem.status, problem.code], res.body).toEqual([403, 'forbidden']);
  expect((problem.errors ?? []).map((e) => e.field).sort()).toEqual([...fields].sort());
}

describe('hidden fields never leave the server', () => {
  it('are absent from lists, queries and single records; read-only fields are shown', async () => {
    const page = (await asRep('GET', '/api/records/deal?limit=500')).json() as RecordPage;
    expect(page.items.length).toBeGreaterThan(3);
    for (const item of page.items) {
      expect(item).not.toHaveProperty('margin');
      expect(item).toHaveProperty('discount');
      expect(item).toHaveProperty('owner_id');
    }
    const queried = (await asRep('POST', '/api/records/deal/query', { filter: { '==': [{ var: 'stage' }, 'open'] } })).json() as RecordPage;
    for (const item of queried.items) expect(item).not.toHaveProperty('margin');
    expect(ownDeal).not.toHaveProperty('margin');
    expect(JSON.stringify(page)).not.toContain('"margin"');
    // The administrator sees the value the rep does not.
    const full = (await t.request({ method: 'GET', url: `/api/records/deal/${ownDeal.id}` })).json() as ApiRecord;
    expect(typeof full.margin).toBe('number');
  });

  it('are absent from the answers of create and update', async () => {
    const created = await asRep('POST', '/api/records/deal', { name: 'masked new', stage: 'open', amount: 3 });
    expect(created.statusCode, created.body).toBe(201);
    const record = created.json() as ApiRecord;
    expect(record).not.toHaveProperty('margin');
    const updated = await asRep('PATCH', `/api/records/deal/${record.id}`, { amount: 4 });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(updated.json()).not.toHaveProperty('margin');
    expect(updated.json()).toMatchObject({ amount: 4, discount: null });
  });

  it('are shown when another of the user’s roles shows them (rights are a union)', async () => {
    await setRoles(world, 'rep_a1', ['masked', 'scope_self']);
    expect((await asRep('GET', `/api/records/deal/${ownDeal.id}`)).json()).toHaveProperty('margin');
    await setRoles(world, 'rep_a1', ['masked']);
    expect((await asRep('GET', `/api/records/deal/${ownDeal.id}`)).json()).not.toHaveProperty('margin');
  });
});

describe('a field the user cannot read cannot be used to learn its value (403 naming it)', () => {
  it.each([
    ['an equality', { '==': [{ var: 'margin' }, 3] }],
    ['a condition inside and', { and: [{ '==': [{ var: 'stage' }, 'open'] }, { '!=': [{ var: 'margin' }, null] }] }],
    ['the array form of var', { '==': [{ var: ['margin', 0] }, 3] }],
    ['missing', { missing: ['margin'] }],
    ['missing_some', { missing_some: [1, ['stage', 'margin']] }],
  ])('filter with %s, in GET and POST query', async (_what, filter) => {
    expectForbidden(await asRep('GET', listUrl('deal', { filter })), ['margin']);
    expectForbidden(await asRep('POST', '/api/records/deal/query', { filter }), ['margin']);
  });

  it('a filter that computes a field name while some field is hidden', async () => {
    expectForbidden(await asRep('POST', '/api/records/deal/query', { filter: { '==': [{ var: { cat: ['mar', 'gin'] } }, 3] } }), ['filter']);
  });

  it.each(['margin', '-margin', 'stage,-margin'])('sort=%s', async (sort) => {
    expectForbidden(await asRep('GET', listUrl('deal', { sort })), ['margin']);
    expectForbidden(await asRep('POST', '/api/records/deal/query', { sort }), ['margin']);
  });

  it('fields= on a list and on a single record', async () => {
    expectForbidden(await asRep('GET', listUrl('deal', { fields: ['name', 'margin'] })), ['margin']);
    expectForbidden(await asRep('GET', `/api/records/deal/${ownDeal.id}?fields=margin`), ['margin']);
  });

  it('allows filtering, sorting and asking for readable fields, read-only ones included', async () => {
    const res = await asRep('GET', listUrl('deal', { filter: { '==': [{ var: 'discount' }, ownDeal.discount] }, sort: '-discount', fields: ['discount', 'name'] }));
    expect(res.statusCode, res.body).toBe(200);
    const items = (res.json() as RecordPage).items;
    expect(items.map((i) => i.id)).toContain(ownDeal.id);
    for (const item of items) expect(sortedKeys(item)).toEqual(['discount', 'id', 'name', 'version']);
  });
});

describe('fields the user may not edit cannot be written (403 naming them, nothing written)', () => {
  it.each([
    ['a hidden field', { name: 'x', margin: 1 }, ['margin']],
    ['a read-only field', { name: 'x', discount: 1 }, ['discount']],
    ['the read-only owner', { name: 'x', owner_id: '00000000-0000-7000-8000-000000000000' }, ['owner_id']],
    ['several at once', { name: 'x', margin: 1, discount: 2 }, ['discount', 'margin']],
  ])('create with %s', async (_what, payload, fields) => {
    const before = await tableRows(t, 'deal');
    expectForbidden(await asRep('POST', '/api/records/deal', payload), fields);
    expect(await tableRows(t, 'deal')).toEqual(before);
  });

  it.each([
    ['a hidden field', { margin: 1 }, ['margin']],
    ['a read-only field', { discount: 1 }, ['discount']],
    ['the read-only owner', { owner_id: '00000000-0000-7000-8000-000000000000' }, ['owner_id']],
  ])('update with %s', async (_what, payload, fields) => {
    const before = await tableRows(t, 'deal');
    expectForbidden(await asRep('PATCH', `/api/records/deal/${ownDeal.id}`, payload), fields);
    expect(await tableRows(t, 'deal')).toEqual(before);
  });

  it('bulk transfer needs owner_id to be editable', async () => {
    expectForbidden(await asRep('POST', '/api/records/deal/transfer', { ids: [ownDeal.id], owner_id: world.users.rep_a2.id }), ['owner_id']);
  });
});

describe('the live OpenAPI document of a user', () => {
  type Doc = { paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> } };
  const docOf = async (token?: string) => (await t.request({ method: 'GET', url: '/api/openapi.json', token })).json() as Doc;

  it('shows the fields they may read and set, and the operations they may perform', async () => {
    const doc = await docOf(rep);
    expect(Object.keys(doc.components.schemas.deal?.properties ?? {})).not.toContain('margin');
    expect(Object.keys(doc.components.schemas.deal?.properties ?? {})).toContain('discount');
    for (const name of ['deal__create', 'deal__update']) {
      expect(Object.keys(doc.components.schemas[name]?.properties ?? {}), name).not.toEqual(expect.arrayContaining(['margin']));
      expect(Object.keys(doc.components.schemas[name]?.properties ?? {}), name).not.toContain('discount');
      expect(Object.keys(doc.components.schemas[name]?.properties ?? {}), name).not.toContain('owner_id');
      expect(Object.keys(doc.components.schemas[name]?.properties ?? {}), name).toContain('amount');
    }
    expect(doc.paths['/api/records/deal/transfer']).toBeUndefined();
    const admin = await docOf();
    expect(Object.keys(admin.components.schemas.deal?.properties ?? {})).toContain('margin');
    expect(admin.paths['/api/records/deal/transfer']).toHaveProperty('post');
  });

  it('leaves out objects they may not read and writes they may not make; metadata stays readable', async () => {
    await setRoles(world, 'agent', ['nothing']);
    const nothing = await tokenOf(world, 'agent');
    const doc = await docOf(nothing);
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/api/records/deal'))).toEqual([]);
    expect(doc.components.schemas).not.toHaveProperty('deal');
    expect(doc.paths['/api/records/account']).toHaveProperty('get');
    expect(doc.paths['/api/records/account']).not.toHaveProperty('post');
    const meta = await t.request({ method: 'GET', url: '/api/meta/objects/deal', token: nothing });
    expect(meta.statusCode).toBe(200);
    expect((meta.json() as { fields: Array<{ api_name: string }> }).fields.map((f) => f.api_name)).toContain('margin');
    expect(problemOf(await t.request({ method: 'GET', url: '/api/records/deal', token: nothing }))).toMatchObject({ status: 403, code: 'forbidden' });

    await setRoles(world, 'agent', ['reader_tree']);
    const reader = await docOf(nothing);
    expect(Object.keys(reader.paths['/api/records/deal'] ?? {})).toEqual(['get']);
    expect(Object.keys(reader.paths['/api/records/deal/{id}'] ?? {})).toEqual(['get']);
    expect(reader.paths['/api/records/deal/transfer']).toBeUndefined();
  });
});
