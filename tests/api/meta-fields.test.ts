import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { addField, columnTypes, createObject, createRecord, expectProblem, expectStatus, getRecord, selectRows, snapshot } from '../support/meta-helpers.ts';

let t: TestEngine;
let first: { id: string };
let second: { id: string };
beforeAll(async () => {
  t = await startTestEngine();
  await createObject(t, {
    api_name: 'ticket',
    label: { en: 'Ticket', 'zh-CN': '工单' },
    fields: [
      { api_name: 'severity', type: 'text', label: { en: 'Severity', 'zh-CN': '严重程度' } },
      { api_name: 'points', type: 'integer' },
    ],
  });
  first = await createRecord(t, 'ticket', { name: 'Printer jam', severity: 'high', points: 3 });
  second = await createRecord(t, 'ticket', { name: 'Slow wifi', severity: 'low', points: 1 });
});
afterAll(() => t.close());

type OpenApi = { components: { schemas: Record<string, { properties: Record<string, unknown>; required?: string[] }> } };
async function createSchemaProperties(): Promise<string[]> {
  const doc = (await expectStatus(t, 200, { method: 'GET', url: '/api/openapi.json' })).json() as OpenApi;
  return Object.keys(doc.components.schemas.ticket__create?.properties ?? {});
}

describe('adding a field', () => {
  it('adds its column to the table and the field to the API', async () => {
    const change = await addField(t, 'ticket', { api_name: 'due_on', type: 'date', label: { en: 'Due on', 'zh-CN': '截止日期' } });
    expect(change).toMatchObject({ kind: 'create_field', object: 'ticket' });
    expect(change.sql).toEqual([`alter table "${t.tenant.schema}"."ticket" add column "due_on" date`]);
    expect((await columnTypes(t, 'ticket')).due_on).toBe('date');
    expect(await createSchemaProperties()).toContain('due_on');
    const saved = await createRecord(t, 'ticket', { name: 'Renew licence', due_on: '2030-01-31' });
    expect(await getRecord(t, 'ticket', saved.id)).toMatchObject({ due_on: '2030-01-31' });
  });
});

describe('relabelling a field', () => {
  it('changes the label without SQL and leaves the table as it was', async () => {
    const before = await snapshot(t, 'ticket');
    const response = await expectStatus(t, 200, { method: 'PATCH', url: '/api/meta/objects/ticket/fields/points', payload: { label: { en: 'Story points', 'zh-CN': '故事点' }, help_text: 'Effort estimate' } });
    expect(response.json()).toMatchObject({ kind: 'update_field', sql: [], operations: [], checks: [] });
    const after = await snapshot(t, 'ticket');
    expect(after.columns).toEqual(before.columns);
    expect(after.indexes).toEqual(before.indexes);
    expect(after.constraints).toEqual(before.constraints);
    const object = (await expectStatus(t, 200, { method: 'GET', url: '/api/meta/objects/ticket' })).json() as { fields: Array<{ api_name: string; label: unknown; help_text?: unknown }> };
    expect(object.fields.find((f) => f.api_name === 'points')).toMatchObject({ label: { en: 'Story points', 'zh-CN': '故事点' }, help_text: { en: 'Effort estimate' } });
    expect(await getRecord(t, 'ticket', first.id)).toMatchObject({ points: 3 });
  });
});

describe('archiving a field', () => {
  it('hides it from records and the OpenAPI create schema but keeps the column and data', async () => {
    const before = await columnTypes(t, 'ticket');
    const response = await expectStatus(t, 200, { method: 'DELETE', url: '/api/meta/objects/ticket/fields/severity' });
    expect(response.json()).toMatchObject({ kind: 'archive_field', sql: [] });

    expect(await getRecord(t, 'ticket', first.id)).not.toHaveProperty('severity');
    const list = (await expectStatus(t, 200, { method: 'GET', url: '/api/records/ticket' })).json() as { items: Array<Record<string, unknown>> };
    expect(list.items.length).toBeGreaterThanOrEqual(2);
    for (const item of list.items) expect(item).not.toHaveProperty('severity');
    expect(await createSchemaProperties()).not.toContain('severity');
    const refused = expectProblem(await t.request({ method: 'POST', url: '/api/records/ticket', payload: { name: 'x', severity: 'high' } }), 422, 'validation_failed');
    expect(refused.errors).toContainEqual(expect.objectContaining({ field: 'severity' }));

    expect(await columnTypes(t, 'ticket')).toEqual(before);
    const rows = await selectRows(t, 'ticket', ['id', 'severity']);
    expect(rows).toEqual(expect.arrayContaining([{ id: first.id, severity: 'high' }, { id: second.id, severity: 'low' }]));
    const object = (await expectStatus(t, 200, { method: 'GET', url: '/api/meta/objects/ticket' })).json() as { fields: Array<{ api_name: string; archived?: boolean }> };
    expect(object.fields.find((f) => f.api_name === 'severity')?.archived).toBe(true);
  });

  it('refuses to change an archived field other than restoring it, and to archive it twice', async () => {
    expectProblem(await t.request({ method: 'PATCH', url: '/api/meta/objects/ticket/fields/severity', payload: { label: 'Level' } }), 422, 'invalid_metadata');
    expectProblem(await t.request({ method: 'DELETE', url: '/api/meta/objects/ticket/fields/severity' }), 404, 'field_not_found');
  });

  it('keeps the name of an archived field taken', async () => {
    expectProblem(await t.request({ method: 'POST', url: '/api/meta/objects/ticket/fields', payload: { api_name: 'severity', type: 'integer' } }), 409, 'duplicate_name');
  });

  it('restores it with its data through PATCH archived:false', async () => {
    const response = await expectStatus(t, 200, { method: 'PATCH', url: '/api/meta/objects/ticket/fields/severity', payload: { archived: false } });
    expect(response.json()).toMatchObject({ sql: [] });
    expect(await getRecord(t, 'ticket', first.id)).toMatchObject({ severity: 'high' });
    expect(await getRecord(t, 'ticket', second.id)).toMatchObject({ severity: 'low' });
    expect(await createSchemaProperties()).toContain('severity');
    const saved = await createRecord(t, 'ticket', { name: 'Back again', severity: 'medium' });
    expect(saved.severity).toBe('medium');
  });

  it('refuses to archive the name field', async () => {
    const before = await snapshot(t, 'ticket');
    const problem = expectProblem(await t.request({ method: 'DELETE', url: '/api/meta/objects/ticket/fields/name' }), 422, 'invalid_metadata');
    expect(problem.errors).toContainEqual(expect.objectContaining({ field: 'name_field' }));
    expect(await snapshot(t, 'ticket')).toEqual(before);
    expect(await getRecord(t, 'ticket', first.id)).toMatchObject({ name: 'Printer jam' });
  });

  it('reports an unknown field as 404', async () => {
    expectProblem(await t.request({ method: 'DELETE', url: '/api/meta/objects/ticket/fields/nope' }), 404, 'field_not_found');
    expectProblem(await t.request({ method: 'PATCH', url: '/api/meta/objects/ticket/fields/nope', payload: { label: 'Nope' } }), 404, 'field_not_found');
  });
});
