import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { createObject, createRecord, expectStatus } from '../support/meta-helpers.ts';

/** The plan of archiving a field says how many values it hides (the designer shows it before applying). */

let t: TestEngine;

beforeAll(async () => {
  t = await startTestEngine();
  await createObject(t, { api_name: 'lead', fields: [{ api_name: 'note', type: 'text' }, { api_name: 'score', type: 'currency' }, { api_name: 'twice', type: 'formula', return_type: 'text', expression: { cat: [{ var: 'name' }, '!'] } }] });
  await createRecord(t, 'lead', { name: 'Ada', note: 'a', score: { amount: 1, currency: 'CNY' } });
  await createRecord(t, 'lead', { name: 'Grace', note: 'b' });
  const gone = await createRecord(t, 'lead', { name: 'Linus', note: 'c' });
  await createRecord(t, 'lead', { name: 'Ken' });
  await expectStatus(t, 204, { method: 'DELETE', url: `/api/records/lead/${gone.id}` });
}, 60_000);
afterAll(() => t.close());

async function archivePlan(field: string): Promise<{ checks: Array<Record<string, unknown>>; applicable: boolean; operations: unknown[] }> {
  return (await expectStatus(t, 200, { method: 'POST', url: '/api/meta/plan', payload: { kind: 'archive_field', object: 'lead', field } })).json() as never;
}

describe('archiving a field: its plan', () => {
  it('counts the live records holding a value, without blocking and without changing anything', async () => {
    const plan = await archivePlan('note');
    expect(plan.operations).toEqual([]);
    expect(plan.applicable).toBe(true);
    expect(plan.checks).toEqual([{ kind: 'values_archived', blocking: false, object: 'lead', field: 'note', count: 2, description: 'values of "lead.note" hidden by archiving (kept in the column; restoring brings them back)' }]);
    expect((await archivePlan('score')).checks).toMatchObject([{ kind: 'values_archived', field: 'score', count: 1 }]);
    // A formula has no column, so nothing of it is stored to hide.
    expect((await archivePlan('twice')).checks).toEqual([]);
    const applied = (await expectStatus(t, 200, { method: 'DELETE', url: '/api/meta/objects/lead/fields/note' })).json() as { checks: Array<{ count: number }> };
    expect(applied.checks).toMatchObject([{ kind: 'values_archived', count: 2 }]);
  });
});
