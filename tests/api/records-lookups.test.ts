import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { createObject, createRecord, errorFields, listAllPages, problemOf, tableRows, type ApiRecord } from '../support/record-helpers.ts';

let t: TestEngine;

const lookup = (apiName: string, target: string, onDelete: string) => ({ api_name: apiName, type: 'lookup', target, on_delete: onDelete });

beforeAll(async () => {
  t = await startTestEngine();
  await createObject(t, { api_name: 'company', label: { en: 'Company' } });
  await createObject(t, { api_name: 'contact', label: { en: 'Contact' }, fields: [lookup('company', 'company', 'restrict')] });
  await createObject(t, { api_name: 'note', label: { en: 'Note' }, fields: [lookup('company', 'company', 'set_null')] });
  await createObject(t, { api_name: 'task', label: { en: 'Task' }, fields: [lookup('company', 'company', 'cascade')] });
  await createObject(t, { api_name: 'subtask', label: { en: 'Subtask' }, fields: [lookup('task', 'task', 'cascade')] });
});
afterAll(() => t.close());

const company = (name: string) => createRecord(t, 'company', { name });
const get = (object: string, id: string) => t.request({ method: 'GET', url: `/api/records/${object}/${id}` });
const remove = (object: string, id: string) => t.request({ method: 'DELETE', url: `/api/records/${object}/${id}` });
const rowOf = async (object: string, id: string) => (await tableRows(t, object)).find((r) => r.id === id);

describe('on_delete restrict', () => {
  it('refuses to delete a parent with 409 reference_violation while a live child points at it', async () => {
    const parent = await company('Acme');
    const child = await createRecord(t, 'contact', { name: 'Li Lei', company: parent.id });
    const problem = problemOf(await remove('company', parent.id));
    expect([problem.status, problem.code]).toEqual([409, 'reference_violation']);
    expect(problem.referenced_by).toEqual({ object: 'contact', field: 'company', count: 1 });
    expect((await get('company', parent.id)).json()).toEqual(parent);
    expect((await get('contact', child.id)).json()).toEqual(child);
  });

  it('allows the delete once the child is binned or points elsewhere', async () => {
    const parent = await company('Globex');
    const other = await company('Initech');
    const binned = await createRecord(t, 'contact', { name: 'Han Meimei', company: parent.id });
    const moved = await createRecord(t, 'contact', { name: 'Wang Wu', company: parent.id });
    expect((await remove('contact', binned.id)).statusCode).toBe(204);
    expect((await remove('company', parent.id)).statusCode).toBe(409);
    expect((await t.request({ method: 'PATCH', url: `/api/records/contact/${moved.id}`, payload: { company: other.id } })).statusCode).toBe(200);
    expect((await remove('company', parent.id)).statusCode).toBe(204);
    expect((await get('company', parent.id)).statusCode).toBe(404);
  });

  it('leaves nothing half-done when one rule refuses: set_null children keep their lookup', async () => {
    const parent = await company('Umbrella');
    await createRecord(t, 'contact', { name: 'Zhao Liu', company: parent.id });
    const note = await createRecord(t, 'note', { name: 'Call back', company: parent.id });
    const task = await createRecord(t, 'task', { name: 'Send quote', company: parent.id });
    expect((await remove('company', parent.id)).statusCode).toBe(409);
    expect((await get('note', note.id)).json()).toEqual(note);
    expect((await get('task', task.id)).json()).toEqual(task);
  });
});

describe('on_delete set_null', () => {
  it('clears the lookup of live children and bumps their version', async () => {
    const parent = await company('Hooli');
    const keep = await company('Pied Piper');
    const notes = [await createRecord(t, 'note', { name: 'a', company: parent.id }), await createRecord(t, 'note', { name: 'b', company: parent.id })];
    const unrelated = await createRecord(t, 'note', { name: 'c', company: keep.id });
    expect((await remove('company', parent.id)).statusCode).toBe(204);
    for (const note of notes) expect((await get('note', note.id)).json()).toMatchObject({ company: null, version: note.version + 1 });
    expect((await get('note', unrelated.id)).json()).toEqual(unrelated);
  });
});

describe('on_delete cascade', () => {
  it('bins the children and their own cascading children, and only those', async () => {
    const parent = await company('Soylent');
    const keep = await company('Tyrell');
    const tasks = [await createRecord(t, 'task', { name: 't1', company: parent.id }), await createRecord(t, 'task', { name: 't2', company: parent.id })];
    const sub = await createRecord(t, 'subtask', { name: 's1', task: tasks[0]?.id });
    const otherTask = await createRecord(t, 'task', { name: 't3', company: keep.id });
    const otherSub = await createRecord(t, 'subtask', { name: 's2', task: otherTask.id });

    expect((await remove('company', parent.id)).statusCode).toBe(204);
    for (const task of tasks) {
      expect((await get('task', task.id)).statusCode).toBe(404);
      expect((await rowOf('task', task.id))?.deleted_at).toBeInstanceOf(Date);
    }
    expect((await get('subtask', sub.id)).statusCode).toBe(404);
    expect((await rowOf('subtask', sub.id))?.deleted_at).toBeInstanceOf(Date);
    const liveTasks = (await listAllPages(t, 'task', { limit: 500 })).map((r) => r.id);
    expect(liveTasks).toContain(otherTask.id);
    expect(liveTasks).not.toContain(tasks[0]?.id);
    expect((await get('subtask', otherSub.id)).json()).toEqual(otherSub);
  });

  it('brings a binned child back with restore, still pointing at its restored parent', async () => {
    const parent = await company('Cyberdyne');
    const task = await createRecord(t, 'task', { name: 'Ship', company: parent.id });
    expect((await remove('company', parent.id)).statusCode).toBe(204);
    expect((await t.request({ method: 'POST', url: `/api/records/company/${parent.id}/restore` })).statusCode).toBe(200);
    const restored = await t.request({ method: 'POST', url: `/api/records/task/${task.id}/restore` });
    expect(restored.statusCode).toBe(200);
    expect(restored.json()).toMatchObject({ id: task.id, company: parent.id });
  });
});

describe('references to records that do not exist', () => {
  const missing = '01900000-0000-7000-8000-00000000dead';

  it.each(['contact', 'note', 'task'])('refuses to create a %s pointing at an unknown id with 409 reference_violation, inserting nothing', async (object) => {
    const before = (await tableRows(t, object)).length;
    const res = await t.request({ method: 'POST', url: `/api/records/${object}`, payload: { name: 'Orphan', company: missing } });
    const problem = problemOf(res);
    expect([problem.status, problem.code]).toEqual([409, 'reference_violation']);
    expect(errorFields(res)).toEqual(['company']);
    expect((await tableRows(t, object)).length).toBe(before);
  });

  it('refuses to re-point a record at an unknown id and keeps the old value', async () => {
    const parent = await company('Wayne');
    const child: ApiRecord = await createRecord(t, 'contact', { name: 'Bruce', company: parent.id });
    const problem = problemOf(await t.request({ method: 'PATCH', url: `/api/records/contact/${child.id}`, payload: { company: missing } }));
    expect(problem.code).toBe('reference_violation');
    expect((await get('contact', child.id)).json()).toEqual(child);
  });
});
