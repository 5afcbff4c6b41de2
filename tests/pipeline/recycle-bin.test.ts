import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qualify } from '../../engine/src/db/index.ts';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { createObject, createRecord, problemOf, tableRows, type ApiRecord } from '../support/record-helpers.ts';
import { json, makeRole, makeUser, type PipelineUser } from './helpers.ts';

/** The recycle bin: list (scope and field mask applied), restore, purge (modify all only). */

interface BinPage {
  items: Array<ApiRecord & { deleted_at: string }>;
  next_cursor: string | null;
}

let t: TestEngine;
let rep: PipelineUser;
let other: PipelineUser;
let manager: PipelineUser;

const bin = (query = '', token?: string, object = 'deal') => t.request({ method: 'GET', url: `/api/records/${object}/recycle-bin${query}`, token });
const del = (id: string, token?: string, object = 'deal') => t.request({ method: 'DELETE', url: `/api/records/${object}/${id}`, token });
const purge = (id: string, token?: string, object = 'deal') => t.request({ method: 'DELETE', url: `/api/records/${object}/${id}/purge`, token });
const historyCount = async (id: string) =>
  Number((await t.engine.knex.raw<{ rows: Array<{ n: number }> }>(`select count(*)::int as n from ${qualify(t.tenant.schema, '_field_history')} where record_id = ?`, [id])).rows[0]?.n);

beforeAll(async () => {
  t = await startTestEngine();
  await createObject(t, {
    api_name: 'deal',
    label: 'Deal',
    fields: [
      { api_name: 'stage', type: 'text', audited: true },
      { api_name: 'margin', type: 'integer' },
    ],
  });
  await createObject(t, {
    api_name: 'line',
    label: 'Line',
    fields: [{ api_name: 'deal', type: 'lookup', target: 'deal', on_delete: 'restrict' }],
  });
  await makeRole(t, { api_name: 'rep', object_rights: { deal: { delete: true, create: true } }, data_scopes: { deal: 'self' }, field_rights: { deal: { margin: 'none' } } });
  await makeRole(t, { api_name: 'manager', object_rights: { deal: { modify_all: true } } });
  rep = await makeUser(t, { roles: ['rep'] });
  other = await makeUser(t, { roles: ['rep'] });
  manager = await makeUser(t, { roles: ['manager'] });
}, 120_000);
afterAll(() => t.close());

describe('listing', () => {
  it('shows binned records only, the latest deleted first, paged', async () => {
    const made: ApiRecord[] = [];
    for (const name of ['first', 'second', 'third', 'live']) made.push(await createRecord(t, 'deal', { name, stage: 'open', margin: 5 }));
    for (const record of made.slice(0, 3)) expect((await del(record.id)).statusCode).toBe(204);
    const page = json<BinPage>(await bin(), 200);
    expect(page.items.map((r) => r.name)).toEqual(['third', 'second', 'first']);
    expect(page.next_cursor).toBeNull();
    const deletedAt = page.items.map((r) => Date.parse(r.deleted_at));
    expect(deletedAt).toEqual([...deletedAt].sort((a, b) => b - a));
    expect(page.items[0]).toMatchObject({ name: 'third', stage: 'open', margin: 5 });

    const one = json<BinPage>(await bin('?limit=2'), 200);
    expect(one.items.map((r) => r.name)).toEqual(['third', 'second']);
    const two = json<BinPage>(await bin(`?limit=2&cursor=${encodeURIComponent(one.next_cursor ?? '')}`), 200);
    expect(two).toMatchObject({ items: [expect.objectContaining({ name: 'first' })], next_cursor: null });
  });

  it('a user sees only the binned records in their read scope, with their field mask', async () => {
    const mine = json<ApiRecord>(await t.request({ method: 'POST', url: '/api/records/deal', payload: { name: 'rep deal', stage: 'x' }, token: rep.token }), 201);
    const theirs = json<ApiRecord>(await t.request({ method: 'POST', url: '/api/records/deal', payload: { name: 'other deal' }, token: other.token }), 201);
    expect((await del(mine.id, rep.token)).statusCode).toBe(204);
    expect((await del(theirs.id, other.token)).statusCode).toBe(204);
    const page = json<BinPage>(await bin('', rep.token), 200);
    expect(page.items.map((r) => r.name)).toEqual(['rep deal']);
    expect(page.items[0]).not.toHaveProperty('margin');
  });

  it('needs the read right; unknown objects and bad parameters are refused', async () => {
    const nobody = await makeUser(t, { roles: [] });
    expect(problemOf(await bin('', nobody.token))).toMatchObject({ status: 403, code: 'forbidden' });
    expect(problemOf(await bin('', undefined, 'ghost'))).toMatchObject({ status: 404, code: 'object_not_found' });
    expect(problemOf(await bin('?limit=0')).code).toBe('invalid_parameter');
    expect(problemOf(await bin('?cursor=nope')).code).toBe('invalid_cursor');
  });
});

describe('restore', () => {
  it('brings the record back as it was, and out of the bin', async () => {
    const record = await createRecord(t, 'deal', { name: 'comes back', stage: 'kept', margin: 9 });
    expect((await del(record.id)).statusCode).toBe(204);
    expect(json<BinPage>(await bin(), 200).items.map((r) => r.id)).toContain(record.id);
    const restored = json<ApiRecord>(await t.request({ method: 'POST', url: `/api/records/deal/${record.id}/restore` }), 200);
    expect(restored).toMatchObject({ name: 'comes back', stage: 'kept', margin: 9 });
    expect(json<BinPage>(await bin(), 200).items.map((r) => r.id)).not.toContain(record.id);
    expect(json<ApiRecord>(await t.request({ method: 'GET', url: `/api/records/deal/${record.id}` }), 200).stage).toBe('kept');
  });
});

describe('purge', () => {
  it('deletes a binned record for good, with its history', async () => {
    const record = await createRecord(t, 'deal', { name: 'gone', stage: 'a' });
    json(await t.request({ method: 'PATCH', url: `/api/records/deal/${record.id}`, payload: { stage: 'b' } }), 200);
    expect(await historyCount(record.id)).toBe(1);
    expect((await del(record.id)).statusCode).toBe(204);
    expect((await purge(record.id)).statusCode).toBe(204);
    expect((await tableRows(t, 'deal')).map((r) => r.id)).not.toContain(record.id);
    expect(await historyCount(record.id)).toBe(0);
    expect(problemOf(await t.request({ method: 'POST', url: `/api/records/deal/${record.id}/restore` })).status).toBe(404);
    expect(problemOf(await purge(record.id))).toMatchObject({ status: 404, code: 'record_not_found' });
  });

  it('a live record is not purged (409 record_not_binned)', async () => {
    const record = await createRecord(t, 'deal', { name: 'alive' });
    expect(problemOf(await purge(record.id))).toMatchObject({ status: 409, code: 'record_not_binned' });
    expect((await tableRows(t, 'deal')).map((r) => r.id)).toContain(record.id);
  });

  it('needs modify all: 403 for others before any row is looked at', async () => {
    const record = await createRecord(t, 'deal', { name: 'managed', owner_id: rep.id });
    expect((await del(record.id, rep.token)).statusCode).toBe(204);
    expect(problemOf(await purge(record.id, rep.token))).toMatchObject({ status: 403, code: 'forbidden' });
    expect(problemOf(await purge('0190f5a4-7c1e-7d2a-9b3c-4d5e6f708192', rep.token))).toMatchObject({ status: 403, code: 'forbidden' });
    expect((await tableRows(t, 'deal')).map((r) => r.id)).toContain(record.id);
    expect((await purge(record.id, manager.token)).statusCode).toBe(204);
    expect((await tableRows(t, 'deal')).map((r) => r.id)).not.toContain(record.id);
  });

  it('a record live records still point at is kept (409 reference_violation)', async () => {
    const parent = await createRecord(t, 'deal', { name: 'parent' });
    const line = await createRecord(t, 'line', { name: 'l1', deal: parent.id });
    // Restrict: the parent cannot be binned while the line is live; bin the line, then the parent.
    expect(problemOf(await del(parent.id)).code).toBe('reference_violation');
    expect((await del(line.id, undefined, 'line')).statusCode).toBe(204);
    expect((await del(parent.id)).statusCode).toBe(204);
    // An administrator may point a live record at a binned one; then the purge is refused.
    const live = await createRecord(t, 'line', { name: 'l2', deal: parent.id });
    expect(problemOf(await purge(parent.id))).toMatchObject({ status: 409, code: 'reference_violation' });
    expect((await del(live.id, undefined, 'line')).statusCode).toBe(204);
    // Binned lines still point at it with restrict: the database refuses, nothing is lost.
    expect(problemOf(await purge(parent.id))).toMatchObject({ status: 409, code: 'reference_violation' });
    expect((await tableRows(t, 'deal')).map((r) => r.id)).toContain(parent.id);
    for (const id of [line.id, live.id]) expect((await purge(id, undefined, 'line')).statusCode).toBe(204);
    expect((await purge(parent.id)).statusCode).toBe(204);
  });

  it('bad ids and unknown objects', async () => {
    expect(problemOf(await purge('not-a-uuid'))).toMatchObject({ status: 404, code: 'record_not_found' });
    expect(problemOf(await purge('0190f5a4-7c1e-7d2a-9b3c-4d5e6f708192', undefined, 'ghost'))).toMatchObject({ status: 404, code: 'object_not_found' });
  });
});
