import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { createObject, createRecord, problemOf, tableRows, type ApiRecord } from '../support/record-helpers.ts';

let t: TestEngine;

beforeAll(async () => {
  t = await startTestEngine();
  await createObject(t, {
    api_name: 'ticket',
    label: { en: 'Ticket' },
    fields: [
      { api_name: 'code', type: 'autonumber', pattern: 'T-{0000}' },
      { api_name: 'ref', type: 'text', unique: true },
    ],
  });
  await createObject(t, { api_name: 'invoice', label: { en: 'Invoice' }, fields: [{ api_name: 'number', type: 'autonumber', pattern: 'INV-{000000}', start: 1000 }] });
});
afterAll(() => t.close());

const codes = async () => (await tableRows(t, 'ticket')).map((r) => String(r.code)).sort();
const expectedCodes = (n: number) => Array.from({ length: n }, (_, i) => `T-${String(i + 1).padStart(4, '0')}`);

describe('autonumber', () => {
  it('numbers 40 concurrent creates 1..40, each exactly once', async () => {
    const created = await Promise.all(Array.from({ length: 40 }, (_, i) => t.request({ method: 'POST', url: '/api/records/ticket', payload: { name: `Ticket ${i}`, ref: `r-${i}` } })));
    expect(created.map((r) => r.statusCode)).toEqual(Array(40).fill(201));
    const returned = created.map((r) => (r.json() as ApiRecord).code as string).sort();
    expect(returned).toEqual(expectedCodes(40));
    expect(await codes()).toEqual(expectedCodes(40));
  });

  it('does not consume a number when the insert fails (unique violation on another field)', async () => {
    const failed = await t.request({ method: 'POST', url: '/api/records/ticket', payload: { name: 'Duplicate', ref: 'r-7' } });
    expect(problemOf(failed).code).toBe('unique_violation');
    const failedConcurrently = await Promise.all(Array.from({ length: 5 }, () => t.request({ method: 'POST', url: '/api/records/ticket', payload: { name: 'Dup', ref: 'r-8' } })));
    expect(failedConcurrently.map((r) => r.statusCode)).toEqual(Array(5).fill(409));
    const next = await createRecord(t, 'ticket', { name: 'After the failures', ref: 'r-40' });
    expect(next.code).toBe('T-0041');
    expect(await codes()).toEqual(expectedCodes(41));
  });

  it('does not consume a number when validation fails', async () => {
    expect((await t.request({ method: 'POST', url: '/api/records/ticket', payload: { ref: 'no name' } })).statusCode).toBe(422);
    expect((await createRecord(t, 'ticket', { name: 'Next', ref: 'r-41' })).code).toBe('T-0042');
  });

  it('keeps numbers gap-free when good and failing creates run together', async () => {
    const mixed = await Promise.all(
      Array.from({ length: 20 }, (_, i) => t.request({ method: 'POST', url: '/api/records/ticket', payload: { name: `Mixed ${i}`, ref: i % 2 === 0 ? `m-${i}` : 'r-1' } })),
    );
    expect(mixed.filter((r) => r.statusCode === 201)).toHaveLength(10);
    expect(mixed.filter((r) => r.statusCode === 409)).toHaveLength(10);
    expect(await codes()).toEqual(expectedCodes(52));
  });

  it('refuses a value sent for the number, on create and on update', async () => {
    expect((await t.request({ method: 'POST', url: '/api/records/ticket', payload: { name: 'x', ref: 'x', code: 'T-9999' } })).statusCode).toBe(422);
    const one = (await tableRows(t, 'ticket'))[0] as { id: string; code: string };
    expect((await t.request({ method: 'PATCH', url: `/api/records/ticket/${one.id}`, payload: { code: 'T-0000' } })).statusCode).toBe(422);
    expect((await tableRows(t, 'ticket')).find((r) => r.id === one.id)?.code).toBe(one.code);
  });

  it('starts at the field start value and counts on from there', async () => {
    const first = await createRecord(t, 'invoice', { name: 'First' });
    const second = await createRecord(t, 'invoice', { name: 'Second' });
    expect([first.number, second.number]).toEqual(['INV-001000', 'INV-001001']);
  });
});
