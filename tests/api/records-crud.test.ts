import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { createObject, createRecord, listAllPages, problemOf, tableRows, type ApiRecord } from '../support/record-helpers.ts';

let t: TestEngine;

const deal = {
  api_name: 'deal',
  label: { en: 'Deal' },
  fields: [
    { api_name: 'amount', type: 'decimal', precision: 12, scale: 2 },
    { api_name: 'stage', type: 'picklist', values: [{ value: 'new', label: { en: 'New' } }, { value: 'won', label: { en: 'Won' } }] },
  ],
};

beforeAll(async () => {
  t = await startTestEngine();
  await createObject(t, deal);
});
afterAll(() => t.close());

const get = (id: string) => t.request({ method: 'GET', url: `/api/records/deal/${id}` });
const patch = (id: string, payload: unknown, ifMatch?: string) =>
  t.request({ method: 'PATCH', url: `/api/records/deal/${id}`, payload: payload as Record<string, unknown>, headers: ifMatch === undefined ? {} : { 'if-match': ifMatch } });

describe('create and read', () => {
  it('answers 201 with the record and its version as ETag, and GET returns the same record', async () => {
    const res = await t.request({ method: 'POST', url: '/api/records/deal', payload: { name: 'Apollo', amount: 1200.5, stage: 'new' } });
    expect(res.statusCode).toBe(201);
    expect(res.headers.etag).toBe('"1"');
    const created = res.json() as ApiRecord;
    expect(created).toMatchObject({ name: 'Apollo', amount: 1200.5, stage: 'new', version: 1, created_by: expect.any(String), owner_id: created.created_by });
    const read = await get(created.id);
    expect(read.statusCode).toBe(200);
    expect(read.headers.etag).toBe('"1"');
    expect(read.json()).toEqual(created);
  });

  it('answers 404 for an unknown id, a malformed id and an unknown object', async () => {
    expect(problemOf(await get('01900000-0000-7000-8000-000000000000')).code).toBe('record_not_found');
    expect(problemOf(await get('not-a-uuid')).code).toBe('record_not_found');
    const unknown = problemOf(await t.request({ method: 'GET', url: '/api/records/nothing_here' }));
    expect([unknown.status, unknown.code]).toEqual([404, 'object_not_found']);
  });
});

describe('update with If-Match', () => {
  let record: ApiRecord;
  beforeAll(async () => {
    record = await createRecord(t, 'deal', { name: 'Gemini', amount: 10, stage: 'new' });
  });

  it('updates at the current version, bumps the version and sends the new ETag', async () => {
    const res = await patch(record.id, { stage: 'won' }, '"1"');
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe('"2"');
    expect(res.json()).toMatchObject({ id: record.id, name: 'Gemini', amount: 10, stage: 'won', version: 2 });
  });

  it('refuses a stale version with 412 version_conflict and leaves the row unchanged', async () => {
    const res = await patch(record.id, { amount: 99 }, '"1"');
    const problem = problemOf(res);
    expect([problem.status, problem.code, problem.current_version]).toEqual([412, 'version_conflict', 2]);
    expect((await get(record.id)).json()).toMatchObject({ amount: 10, stage: 'won', version: 2 });
  });

  it('accepts the weak and bare forms of the version', async () => {
    expect((await patch(record.id, { amount: 11 }, 'W/"2"')).statusCode).toBe(200);
    expect((await patch(record.id, { amount: 12 }, '3')).statusCode).toBe(200);
    expect((await get(record.id)).json()).toMatchObject({ amount: 12, version: 4 });
  });

  it.each(['garbage', '"abc"', '*', '"-1"', '"4", "5"'])('answers 400 invalid_if_match for If-Match %j and changes nothing', async (header) => {
    const problem = problemOf(await patch(record.id, { amount: 500 }, header));
    expect([problem.status, problem.code]).toEqual([400, 'invalid_if_match']);
    expect((await get(record.id)).json()).toMatchObject({ amount: 12, version: 4 });
  });

  it('refuses to clear a required field or set an invalid value, and changes nothing', async () => {
    const res = await patch(record.id, { name: null, stage: 'lost' }, '"4"');
    expect(problemOf(res).code).toBe('validation_failed');
    expect(problemOf(res).errors?.map((e) => e.field).sort()).toEqual(['name', 'stage']);
    expect((await get(record.id)).json()).toMatchObject({ name: 'Gemini', stage: 'won', version: 4 });
  });

  it('answers 404 when patching a record that does not exist', async () => {
    expect(problemOf(await patch('01900000-0000-7000-8000-000000000000', { amount: 1 })).code).toBe('record_not_found');
  });
});

describe('delete, recycle bin and restore', () => {
  let record: ApiRecord;
  let other: ApiRecord;
  beforeAll(async () => {
    record = await createRecord(t, 'deal', { name: 'Mercury', amount: 5, stage: 'new' });
    other = await createRecord(t, 'deal', { name: 'Vostok', amount: 6, stage: 'new' });
  });

  it('refuses a delete at a stale version with 412 and keeps the record', async () => {
    const res = await t.request({ method: 'DELETE', url: `/api/records/deal/${record.id}`, headers: { 'if-match': '"7"' } });
    expect(problemOf(res).code).toBe('version_conflict');
    expect((await get(record.id)).statusCode).toBe(200);
  });

  it('answers 204, then the record is gone from GET and list, but its row is kept with deleted_at set', async () => {
    const res = await t.request({ method: 'DELETE', url: `/api/records/deal/${record.id}`, headers: { 'if-match': '"1"' } });
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    expect(problemOf(await get(record.id)).code).toBe('record_not_found');
    const listed = (await listAllPages(t, 'deal', { limit: 500 })).map((r) => r.id);
    expect(listed).not.toContain(record.id);
    expect(listed).toContain(other.id);
    const row = (await tableRows(t, 'deal')).find((r) => r.id === record.id);
    expect(row?.deleted_at).toBeInstanceOf(Date);
    expect(row?.name).toBe('Mercury');
  });

  it('treats a binned record as absent for PATCH and a second DELETE', async () => {
    expect(problemOf(await patch(record.id, { amount: 1 })).code).toBe('record_not_found');
    expect(problemOf(await t.request({ method: 'DELETE', url: `/api/records/deal/${record.id}` })).code).toBe('record_not_found');
  });

  it('restores the record: back in GET and list with its values, deleted_at cleared, version bumped', async () => {
    const res = await t.request({ method: 'POST', url: `/api/records/deal/${record.id}/restore` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: record.id, name: 'Mercury', amount: 5, version: 3 });
    expect((await get(record.id)).json()).toMatchObject({ name: 'Mercury', version: 3 });
    expect((await listAllPages(t, 'deal', { limit: 500 })).map((r) => r.id)).toContain(record.id);
    expect((await tableRows(t, 'deal')).find((r) => r.id === record.id)?.deleted_at).toBeNull();
  });

  it('answers 404 when restoring a live record or an unknown id', async () => {
    expect(problemOf(await t.request({ method: 'POST', url: `/api/records/deal/${other.id}/restore` })).code).toBe('record_not_found');
    expect(problemOf(await t.request({ method: 'POST', url: '/api/records/deal/01900000-0000-7000-8000-000000000000/restore' })).code).toBe('record_not_found');
  });
});
