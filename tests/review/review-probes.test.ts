import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { createRecord, problemOf, type RecordPage } from '../support/record-helpers.ts';
import { seedQueryWorld, type QueryWorld } from '../query/world.ts';
import { testKnex } from '../support/db.ts';

/**
 * Review findings (wave 2): each test failed before its fix (the two list/count current_user tests
 * guard a fix made at the same time in records/read-access.ts).
 */

let t: TestEngine;
let world: QueryWorld;

beforeAll(async () => {
  t = await startTestEngine();
  world = await seedQueryWorld(t, { opportunities: 6 });
}, 60_000);
afterAll(() => t.close());

const cursorOf = (at: string, id: string) => Buffer.from(JSON.stringify([at, id])).toString('base64url');

describe('current_user in read paths is the reader', () => {
  it('a list filter {"==": [owner_id, current_user]} keeps the reader\'s own records', async () => {
    const filter = encodeURIComponent(JSON.stringify({ '==': [{ var: 'owner_id' }, { current_user: [] }] }));
    const res = await t.request({ method: 'GET', url: `/api/records/account?filter=${filter}`, token: world.rep.token });
    expect(res.statusCode, res.body).toBe(200);
    const names = (res.json() as RecordPage).items.map((r) => r.name).sort();
    expect(names).toEqual(['Acme', 'Globex']);
  });

  it('GET /count with current_user counts the reader\'s own records', async () => {
    const filter = encodeURIComponent(JSON.stringify({ '==': [{ var: 'owner_id' }, { current_user: [] }] }));
    const res = await t.request({ method: 'GET', url: `/api/records/account/count?filter=${filter}` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ count: 2, exact: true });
  });
});

describe('keyset cursors of history and the recycle bin: a damaged date is a 400, never a 500', () => {
  it('field history', async () => {
    const id = world.accounts.acme.id;
    const res = await t.request({ method: 'GET', url: `/api/records/account/${id}/history?cursor=${cursorOf('2026-13-45T99:00:00.000000', id)}` });
    expect([res.statusCode, problemOf(res).code], res.body).toEqual([400, 'invalid_cursor']);
  });

  it('recycle bin', async () => {
    const id = world.accounts.acme.id;
    const res = await t.request({ method: 'GET', url: `/api/records/account/recycle-bin?cursor=${cursorOf('0000-00-00T00:00:00.000000', id)}` });
    expect([res.statusCode, problemOf(res).code], res.body).toEqual([400, 'invalid_cursor']);
  });

  it('a cursor this API returned still pages', async () => {
    const a = await createRecord(t, 'country', { name: 'A1', code: 'A1' });
    const b = await createRecord(t, 'country', { name: 'B1', code: 'B1' });
    for (const r of [a, b]) expect((await t.request({ method: 'DELETE', url: `/api/records/country/${r.id}` })).statusCode).toBe(204);
    const first = (await t.request({ method: 'GET', url: '/api/records/country/recycle-bin?limit=1' })).json() as RecordPage;
    expect(first.next_cursor).toBeTruthy();
    const second = await t.request({ method: 'GET', url: `/api/records/country/recycle-bin?limit=1&cursor=${first.next_cursor}` });
    expect(second.statusCode, second.body).toBe(200);
    expect((second.json() as RecordPage).items.map((r) => r.id)).toEqual([a.id]);
  });
});

describe('current_user in the save pipeline is the user saving', () => {
  beforeAll(async () => {
    const res = await t.request({
      method: 'POST',
      url: '/api/meta/objects',
      payload: {
        api_name: 'ticket',
        label: { en: 'Ticket' },
        fields: [
          { api_name: 'assignee', type: 'user', default_rule: { current_user: [] } },
          { api_name: 'reviewer', type: 'user' },
        ],
        validation_rules: [
          {
            api_name: 'no_self_review',
            condition: { '==': [{ var: 'reviewer' }, { current_user: [] }] },
            message: { en: 'You cannot review your own ticket' },
            field: 'reviewer',
            active: true,
          },
        ],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
  });

  it('a default_rule {"current_user": []} fills the field with the creator', async () => {
    const ticket = await createRecord(t, 'ticket', { name: 'T1' });
    expect(ticket.assignee).toBe(world.admin.id);
  });

  it('a validation rule comparing with current_user sees the user saving', async () => {
    const res = await t.request({ method: 'POST', url: '/api/records/ticket', payload: { name: 'T2', reviewer: world.admin.id } });
    expect(res.statusCode, res.body).toBe(422);
    expect(problemOf(res).errors?.map((e) => e.code)).toEqual(['no_self_review']);
    const other = await t.request({ method: 'POST', url: '/api/records/ticket', payload: { name: 'T3', reviewer: world.rep.id } });
    expect(other.statusCode, other.body).toBe(201);
  });
});

describe('forms: a layout rule that reads a hidden field never reaches the actor', () => {
  it('a visible_if reading the hidden field through missing / missing_some is left out for the rep', async () => {
    const rules = [{ missing: ['secret'] }, { missing_some: [1, ['secret', 'industry']] }];
    const res = await t.request({
      method: 'PATCH',
      url: '/api/meta/objects/account',
      payload: {
        layouts: [{ api_name: 'main', label: { en: 'Main' }, sections: [{ label: { en: 'S' }, fields: [{ field: 'name', visible_if: rules[0] }, { field: 'industry', visible_if: rules[1] }] }] }],
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    const admin = await t.request({ method: 'GET', url: '/api/forms/account?mode=update' });
    expect(admin.body).toContain('secret');
    const form = await t.request({ method: 'GET', url: '/api/forms/account?mode=update', token: world.rep.token });
    expect(form.statusCode, form.body).toBe(200);
    expect(form.body).not.toContain('secret');
  });
});

describe('purge never removes a live record', () => {
  it('a live record under a binned record of the purged one keeps it from being purged (409), and stays', async () => {
    const def = (api_name: string, fields: unknown[]) => ({ api_name, label: { en: api_name }, fields });
    for (const body of [
      def('pg_account', []),
      def('pg_contract', [{ api_name: 'account', type: 'lookup', target: 'pg_account', on_delete: 'cascade' }]),
      def('pg_payment', [{ api_name: 'contract', type: 'lookup', target: 'pg_contract', on_delete: 'cascade' }]),
    ]) {
      const res = await t.request({ method: 'POST', url: '/api/meta/objects', payload: body });
      expect(res.statusCode, res.body).toBe(201);
    }
    const account = await createRecord(t, 'pg_account', { name: 'A' });
    const contract = await createRecord(t, 'pg_contract', { name: 'C', account: account.id });
    const payment = await createRecord(t, 'pg_payment', { name: 'P', contract: contract.id });
    expect((await t.request({ method: 'DELETE', url: `/api/records/pg_account/${account.id}` })).statusCode).toBe(204);
    // The payment comes back on its own; its contract stays in the bin.
    expect((await t.request({ method: 'POST', url: `/api/records/pg_payment/${payment.id}/restore` })).statusCode).toBe(200);
    const purge = await t.request({ method: 'DELETE', url: `/api/records/pg_account/${account.id}/purge` });
    expect([purge.statusCode, problemOf(purge).code], purge.body).toEqual([409, 'reference_violation']);
    const still = await t.request({ method: 'GET', url: `/api/records/pg_payment/${payment.id}` });
    expect(still.statusCode, still.body).toBe(200);
  });
  it('purging a record purges the binned records under it with their history', async () => {
    const added = await t.request({ method: 'POST', url: '/api/meta/objects/pg_contract/fields', payload: { api_name: 'note', type: 'text', audited: true } });
    expect(added.statusCode, added.body).toBe(201);
    const account = await createRecord(t, 'pg_account', { name: 'A3' });
    const contract = await createRecord(t, 'pg_contract', { name: 'C3', account: account.id });
    expect((await t.request({ method: 'PATCH', url: `/api/records/pg_contract/${contract.id}`, payload: { note: 'n1' } })).statusCode).toBe(200);
    expect((await t.request({ method: 'DELETE', url: `/api/records/pg_account/${account.id}` })).statusCode).toBe(204);
    expect((await t.request({ method: 'DELETE', url: `/api/records/pg_account/${account.id}/purge` })).statusCode).toBe(204);
    const knex = testKnex();
    try {
      const left = await knex.raw(`select count(*)::int as n from ${t.tenant.schema}._field_history where record_id = ?`, [contract.id]);
      expect(left.rows[0].n).toBe(0);
      const rows = await knex.raw(`select count(*)::int as n from ${t.tenant.schema}.pg_contract where id = ?`, [contract.id]);
      expect(rows.rows[0].n).toBe(0);
    } finally {
      await knex.destroy();
    }
  });
});

describe('a deadlock between saves is a 503 busy to retry, never a 500', () => {
  it('a child save waiting on its parent\'s roll-up lock while another transaction waits on the child', async () => {
    // pg_payment has a roll-up on pg_contract: the payment's save locks the payment, then its contract.
    const field = { api_name: 'payments', type: 'rollup', child_object: 'pg_payment', via: 'contract', function: 'count' };
    const added = await t.request({ method: 'POST', url: '/api/meta/objects/pg_contract/fields', payload: field });
    expect(added.statusCode, added.body).toBe(201);
    const contract = await createRecord(t, 'pg_contract', { name: 'C2' });
    const payment = await createRecord(t, 'pg_payment', { name: 'P2', contract: contract.id });
    const knex = testKnex();
    try {
      const trx = await knex.transaction();
      await trx.raw(`select 1 from ${t.tenant.schema}.pg_contract where id = ? for update`, [contract.id]);
      const patch = t.request({ method: 'PATCH', url: `/api/records/pg_payment/${payment.id}`, payload: { name: 'P2b', contract: contract.id } });
      await new Promise((resolve) => setTimeout(resolve, 300));
      // The save holds the payment and waits for the contract; this waits for the payment: a cycle.
      const mine = trx.raw(`select 1 from ${t.tenant.schema}.pg_payment where id = ? for update`, [payment.id]).then(() => 'locked', () => 'aborted');
      const res = await patch;
      expect(await mine).toBe('locked');
      await trx.rollback();
      expect([res.statusCode, problemOf(res).code], res.body).toEqual([503, 'busy']);
    } finally {
      await knex.destroy();
    }
  });
});

describe('a filter that multiplies a large formula is refused (400), never a 500 or an exhausted server', () => {
  it('400 references to a formula of 200 values', async () => {
    const expression = { cat: Array.from({ length: 200 }, (_v, i) => `v${i}`) };
    const added = await t.request({ method: 'POST', url: '/api/meta/objects/country/fields', payload: { api_name: 'big', type: 'formula', return_type: 'text', expression } });
    expect(added.statusCode, added.body).toBe(201);
    const filter = { or: Array.from({ length: 400 }, (_v, i) => ({ '==': [{ var: 'big' }, `x${i}`] })) };
    const res = await t.request({ method: 'POST', url: '/api/records/country/query', payload: { filter } });
    expect([res.statusCode, problemOf(res).code], res.body.slice(0, 300)).toEqual([400, 'invalid_filter']);
    const count = await t.request({ method: 'POST', url: '/api/records/country/query', payload: { filter, aggregate: { measures: [{ fn: 'count' }] } } });
    expect([count.statusCode, problemOf(count).code], count.body.slice(0, 300)).toEqual([400, 'invalid_filter']);
  });
});

describe('a sharing rule reading current_user opens the records of each reader', () => {
  it('"accounts I manage" opens to the rep an account the admin owns with the rep as manager', async () => {
    const managed = await createRecord(t, 'account', { name: 'Managed', owner_id: world.admin.id, manager: world.rep.id });
    const notMine = await createRecord(t, 'account', { name: 'Not mine', owner_id: world.admin.id, manager: world.admin.id });
    const rule = await t.request({
      method: 'POST',
      url: '/api/admin/sharing-rules',
      payload: { object: 'account', api_name: 'i_manage', label: 'Accounts I manage', condition: { '==': [{ var: 'manager' }, { current_user: [] }] }, access: 'read', roles: ['rep'] },
    });
    expect(rule.statusCode, rule.body).toBe(201);
    expect((await t.request({ method: 'GET', url: `/api/records/account/${managed.id}`, token: world.rep.token })).statusCode).toBe(200);
    expect((await t.request({ method: 'GET', url: `/api/records/account/${notMine.id}`, token: world.rep.token })).statusCode).toBe(404);
  });
});

describe('a formula reading current_user means the reader everywhere', () => {
  it('the list, GET by id, and the answer of an update agree', async () => {
    const added = await t.request({ method: 'POST', url: '/api/meta/objects/account/fields', payload: { api_name: 'is_mine', type: 'formula', return_type: 'boolean', expression: { '==': [{ var: 'owner_id' }, { current_user: [] }] } } });
    expect(added.statusCode, added.body).toBe(201);
    const id = world.accounts.hooli.id;
    const list = (await t.request({ method: 'GET', url: `/api/records/account?filter=${encodeURIComponent(JSON.stringify({ '==': [{ var: 'id' }, id] }))}` })).json() as RecordPage;
    expect(list.items[0]?.is_mine).toBe(true);
    const one = (await t.request({ method: 'GET', url: `/api/records/account/${id}` })).json() as Record<string, unknown>;
    expect(one.is_mine).toBe(true);
    const patched = (await t.request({ method: 'PATCH', url: `/api/records/account/${id}`, payload: { industry: 'Media 2' } })).json() as Record<string, unknown>;
    expect(patched.is_mine).toBe(true);
  });
});
