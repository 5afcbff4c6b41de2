import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import {
  addField,
  adminUserId,
  columnTypes,
  createObject,
  createRecord,
  expectProblem,
  expectStatus,
  getRecord,
  selectRows,
  snapshot,
  tableExists,
  type ChangeResponse,
} from '../support/meta-helpers.ts';

interface RecordedChange {
  id: string;
  version: number;
  at: string;
  actor_id: string | null;
  kind: string;
  object: string;
  field: string | null;
  before: { label?: unknown; fields?: unknown[] } | null;
  after: { label?: unknown; fields?: Array<{ api_name: string; archived?: boolean }> } | null;
  statements: string[];
  reverts: string | null;
}

let t: TestEngine;
let startedAt: number;
beforeAll(async () => {
  startedAt = Date.now();
  t = await startTestEngine();
  await createObject(t, { api_name: 'project', label: 'Project', fields: [{ api_name: 'code', type: 'text' }] });
  await createRecord(t, 'project', { name: 'Apollo', code: '42' });
});
afterAll(() => t.close());

async function plan(payload: Record<string, unknown>): Promise<ChangeResponse> {
  return (await expectStatus(t, 200, { method: 'POST', url: '/api/meta/plan', payload })).json() as ChangeResponse;
}

async function changesOf(object?: string): Promise<RecordedChange[]> {
  const url = object === undefined ? '/api/meta/changes' : `/api/meta/changes?object=${object}`;
  return ((await expectStatus(t, 200, { method: 'GET', url })).json() as { items: RecordedChange[] }).items;
}

describe('POST /api/meta/plan', () => {
  it('never applies: metadata version, tables and columns stay as they were', async () => {
    const before = await snapshot(t, 'project');
    const field = await plan({ kind: 'create_field', object: 'project', definition: { api_name: 'budget_code', type: 'integer', indexed: true } });
    expect(field.operations.map((o) => o.op)).toEqual(['add_column', 'create_index']);
    const object = await plan({ kind: 'create_object', definition: { api_name: 'milestone', label: 'Milestone', fields: [{ api_name: 'project', type: 'lookup', target: 'project' }] } });
    expect(object.operations.map((o) => o.op)).toEqual(['create_table', 'create_index', 'create_index', 'add_search_column', 'add_foreign_key', 'create_search_index']);
    expect(object.operations[1]?.sql).toMatch(/\("owner_id"\)$/);
    const cast = await plan({ kind: 'update_field', object: 'project', field: 'code', patch: { type: 'integer' } });
    expect(cast.operations.map((o) => o.op)).toEqual(['alter_column_type']);
    await plan({ kind: 'archive_field', object: 'project', field: 'code' });
    await plan({ kind: 'update_object', object: 'project', patch: { label: 'Programme' } });
    await plan({ kind: 'archive_object', object: 'project' });

    expect(await snapshot(t, 'project')).toEqual(before);
    expect(await tableExists(t, 'milestone')).toBe(false);
    const list = (await expectStatus(t, 200, { method: 'GET', url: '/api/meta/objects' })).json() as { version: number; items: Array<{ api_name: string }> };
    expect(list.version).toBe(before.version);
    expect(list.items.map((o) => o.api_name)).toEqual(['project']);
    expect(await selectRows(t, 'project', ['name', 'code'])).toEqual([{ name: 'Apollo', code: '42' }]);
  });

  it('refuses an unknown kind of change', async () => {
    expectProblem(await t.request({ method: 'POST', url: '/api/meta/plan', payload: { kind: 'drop_table', object: 'project' } }), 400, 'bad_request');
  });

  it('shows the SQL that applying then executes', async () => {
    const fieldPlan = await plan({ kind: 'create_field', object: 'project', definition: { api_name: 'budget_code', type: 'integer', indexed: true } });
    const fieldApplied = await addField(t, 'project', { api_name: 'budget_code', type: 'integer', indexed: true });
    expect(fieldApplied.sql).toEqual(fieldPlan.sql);
    expect(fieldApplied.operations).toEqual(fieldPlan.operations);

    const objectDefinition = { api_name: 'milestone', label: 'Milestone', fields: [{ api_name: 'project', type: 'lookup', target: 'project', on_delete: 'cascade' }] };
    const objectPlan = await plan({ kind: 'create_object', definition: objectDefinition });
    const objectApplied = await createObject(t, objectDefinition);
    expect(objectApplied.sql).toEqual(objectPlan.sql);
    expect(await tableExists(t, 'milestone')).toBe(true);

    const castPlan = await plan({ kind: 'update_field', object: 'project', field: 'code', patch: { type: 'integer' } });
    const castApplied = (await expectStatus(t, 200, { method: 'PATCH', url: '/api/meta/objects/project/fields/code', payload: { type: 'integer' } })).json() as ChangeResponse;
    expect(castApplied.sql).toEqual(castPlan.sql);
    expect((await columnTypes(t, 'project')).code).toBe('bigint');

    const recorded = await changesOf('project');
    expect(recorded[0]?.statements).toEqual(castPlan.sql);
  });
});

describe('the change history', () => {
  it('records who, when, before and after for every change, newest first', async () => {
    await createObject(t, { api_name: 'note', label: 'Note' });
    await expectStatus(t, 200, { method: 'PATCH', url: '/api/meta/objects/note', payload: { label: { en: 'Memo', 'zh-CN': '备忘' } } });
    await addField(t, 'note', { api_name: 'body', type: 'long_text' });
    await expectStatus(t, 200, { method: 'DELETE', url: '/api/meta/objects/note/fields/body' });

    const admin = await adminUserId(t);
    const changes = await changesOf('note');
    expect(changes.map((c) => [c.kind, c.field])).toEqual([['archive_field', 'body'], ['create_field', 'body'], ['update_object', null], ['create_object', null]]);
    const versions = changes.map((c) => c.version);
    expect(versions).toEqual([...versions].sort((a, b) => b - a));
    for (const change of changes) {
      expect(change.actor_id).toBe(admin);
      expect(change.object).toBe('note');
      expect(Date.parse(change.at)).toBeGreaterThanOrEqual(startedAt - 5_000);
      expect(Date.parse(change.at)).toBeLessThanOrEqual(Date.now() + 5_000);
    }
    const [archived, added, relabelled, created] = changes;
    expect(created?.before).toBeNull();
    expect(created?.after?.label).toEqual({ en: 'Note' });
    expect(relabelled?.before?.label).toEqual({ en: 'Note' });
    expect(relabelled?.after?.label).toEqual({ en: 'Memo', 'zh-CN': '备忘' });
    expect(relabelled?.statements).toEqual([]);
    expect(added?.statements).toEqual([`alter table "${t.tenant.schema}"."note" add column "body" text`]);
    expect(archived?.after?.fields?.find((f) => f.api_name === 'body')?.archived).toBe(true);

    const all = await changesOf();
    expect(all.map((c) => c.version)).toEqual([...all.map((c) => c.version)].sort((a, b) => b - a));
    expect(new Set(all.map((c) => c.object))).toEqual(new Set(['project', 'milestone', 'note']));

    const one = (await expectStatus(t, 200, { method: 'GET', url: `/api/meta/changes/${relabelled?.id}` })).json() as RecordedChange;
    expect(one).toEqual(relabelled);
    expectProblem(await t.request({ method: 'GET', url: '/api/meta/changes/0190f5a4-7c1e-7d2a-9b3c-4d5e6f708192' }), 404, 'change_not_found');
    expectProblem(await t.request({ method: 'GET', url: '/api/meta/changes/not-an-id' }), 404, 'change_not_found');
  });
});

describe('reverting a change', () => {
  it('archives a field it created and keeps the data', async () => {
    await createObject(t, { api_name: 'contact', label: 'Contact' });
    const added = await addField(t, 'contact', { api_name: 'nickname', type: 'text' });
    const bob = await createRecord(t, 'contact', { name: 'Robert', nickname: 'Bob' });

    const reverted = (await expectStatus(t, 200, { method: 'POST', url: `/api/meta/changes/${added.id}/revert` })).json() as ChangeResponse;
    expect(reverted.sql).toEqual([]);
    const object = (await expectStatus(t, 200, { method: 'GET', url: '/api/meta/objects/contact' })).json() as { fields: Array<{ api_name: string; archived?: boolean }> };
    expect(object.fields.find((f) => f.api_name === 'nickname')?.archived).toBe(true);
    expect(await getRecord(t, 'contact', bob.id)).not.toHaveProperty('nickname');
    expect(await selectRows(t, 'contact', ['name', 'nickname'])).toEqual([{ name: 'Robert', nickname: 'Bob' }]);

    const [latest] = await changesOf('contact');
    expect(latest).toMatchObject({ id: reverted.id, kind: 'revert', reverts: added.id, actor_id: await adminUserId(t) });
  });

  it('restores the old label', async () => {
    await createObject(t, { api_name: 'deal', label: { en: 'Deal', 'zh-CN': '交易' } });
    const relabel = (await expectStatus(t, 200, { method: 'PATCH', url: '/api/meta/objects/deal', payload: { label: { en: 'Opportunity', 'zh-CN': '商机' } } })).json() as ChangeResponse;
    await expectStatus(t, 200, { method: 'POST', url: `/api/meta/changes/${relabel.id}/revert` });
    const object = (await expectStatus(t, 200, { method: 'GET', url: '/api/meta/objects/deal' })).json() as { label: unknown };
    expect(object.label).toEqual({ en: 'Deal', 'zh-CN': '交易' });
  });

  it('archives an object it created and keeps the table', async () => {
    const created = await createObject(t, { api_name: 'scratch', label: 'Scratch' });
    await createRecord(t, 'scratch', { name: 'kept' });
    await expectStatus(t, 200, { method: 'POST', url: `/api/meta/changes/${created.id}/revert` });
    expectProblem(await t.request({ method: 'GET', url: '/api/records/scratch' }), 404, 'object_not_found');
    expect(await selectRows(t, 'scratch', ['name'])).toEqual([{ name: 'kept' }]);
  });

  it('refuses an older change when a later one touched the object, changing nothing', async () => {
    await createObject(t, { api_name: 'lead', label: 'Lead' });
    const relabel = (await expectStatus(t, 200, { method: 'PATCH', url: '/api/meta/objects/lead', payload: { label: 'Prospect' } })).json() as ChangeResponse;
    await addField(t, 'lead', { api_name: 'source', type: 'text' });
    const before = await snapshot(t, 'lead');

    expectProblem(await t.request({ method: 'POST', url: `/api/meta/changes/${relabel.id}/revert` }), 409, 'change_not_revertible');
    expect(await snapshot(t, 'lead')).toEqual(before);
    const object = (await expectStatus(t, 200, { method: 'GET', url: '/api/meta/objects/lead' })).json() as { label: unknown };
    expect(object.label).toEqual({ en: 'Prospect' });
    expectProblem(await t.request({ method: 'POST', url: '/api/meta/changes/0190f5a4-7c1e-7d2a-9b3c-4d5e6f708192/revert' }), 404, 'change_not_found');
  });
});
