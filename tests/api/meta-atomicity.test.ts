import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qualify, quoteIdent } from '../../engine/src/db/index.ts';
import { constraintName } from '../../engine/src/schema/index.ts';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { addField, columnTypes, createObject, createRecord, expectStatus, indexesOf, selectRows, snapshot, tableExists } from '../support/meta-helpers.ts';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine();
  await createObject(t, { api_name: 'account', label: 'Account' });
  await createObject(t, { api_name: 'widget', label: 'Widget' });
  await createRecord(t, 'widget', { name: 'Sprocket' });
});
afterAll(() => t.close());

/** Takes the name the engine will give its index for `table.column`, so its DDL fails after the column is added. */
async function squatIndexName(table: string, column: string): Promise<string> {
  const name = constraintName('ix', table, column);
  await t.engine.knex.raw(`create index ${quoteIdent(name)} on ${qualify(t.tenant.schema, 'widget')} (${quoteIdent('name')})`);
  return name;
}

async function dropIndex(name: string): Promise<void> {
  await t.engine.knex.raw(`drop index ${qualify(t.tenant.schema, name)}`);
}

function expectFailure(response: { statusCode: number; headers: Record<string, unknown>; json(): unknown }): void {
  // The collision is reported as a conflict with the database's schema, not as a server error.
  expect(response.statusCode).toBe(409);
  expect(String(response.headers['content-type'])).toMatch(/^application\/problem\+json/);
  expect((response.json() as { code?: unknown }).code).toBe('schema_conflict');
}

describe('a DDL failure in the middle of a plan', () => {
  it.each([
    { label: 'an indexed field', field: { api_name: 'serial', type: 'text', indexed: true } },
    { label: 'a lookup', field: { api_name: 'account', type: 'lookup', target: 'account', on_delete: 'set_null' } },
  ])('leaves metadata and the table untouched when adding $label', async ({ field }) => {
    const squatted = await squatIndexName('widget', field.api_name);
    const before = await snapshot(t, 'widget');
    const changes = (await expectStatus(t, 200, { method: 'GET', url: '/api/meta/changes' })).json() as { items: unknown[] };

    const plan = (await expectStatus(t, 200, { method: 'POST', url: '/api/meta/plan', payload: { kind: 'create_field', object: 'widget', definition: field } })).json() as { operations: Array<{ op: string }> };
    expect(plan.operations[0]?.op).toBe('add_column');
    expect(plan.operations.map((o) => o.op)).toContain('create_index');

    expectFailure(await t.request({ method: 'POST', url: '/api/meta/objects/widget/fields', payload: field }));

    expect(await columnTypes(t, 'widget')).not.toHaveProperty(field.api_name);
    expect(await snapshot(t, 'widget')).toEqual(before);
    expect((await expectStatus(t, 200, { method: 'GET', url: '/api/meta/changes' })).json()).toEqual(changes);
    const object = (await expectStatus(t, 200, { method: 'GET', url: '/api/meta/objects/widget' })).json() as { fields: Array<{ api_name: string }> };
    expect(object.fields.map((f) => f.api_name)).not.toContain(field.api_name);
    expect(await selectRows(t, 'widget', ['name'])).toEqual([{ name: 'Sprocket' }]);
    const doc = (await expectStatus(t, 200, { method: 'GET', url: '/api/openapi.json' })).json() as { components: { schemas: Record<string, { properties: Record<string, unknown> }> } };
    expect(Object.keys(doc.components.schemas.widget__create?.properties ?? {})).not.toContain(field.api_name);

    // With the name free again the same request succeeds: the collision alone made it fail.
    await dropIndex(squatted);
    const applied = await addField(t, 'widget', field);
    expect(applied.version).toBe(before.version + 1);
    expect(await indexesOf(t, 'widget')).toHaveProperty(squatted, expect.stringMatching(new RegExp(`\\(${field.api_name}, owner_id\\)$`)));
  });

  it('leaves no table behind when creating an object fails after its table was created', async () => {
    const squatted = await squatIndexName('gizmo', 'code');
    const version = (await snapshot(t, 'widget')).version;
    const definition = { api_name: 'gizmo', label: 'Gizmo', fields: [{ api_name: 'code', type: 'text', indexed: true }] };

    expectFailure(await t.request({ method: 'POST', url: '/api/meta/objects', payload: definition }));

    expect(await tableExists(t, 'gizmo')).toBe(false);
    const after = await snapshot(t, 'gizmo');
    expect(after).toMatchObject({ version, definition: null, columns: {} });
    const list = (await expectStatus(t, 200, { method: 'GET', url: '/api/meta/objects?include_archived=true' })).json() as { items: Array<{ api_name: string }> };
    expect(list.items.map((o) => o.api_name)).not.toContain('gizmo');
    const history = (await expectStatus(t, 200, { method: 'GET', url: '/api/meta/changes?object=gizmo' })).json() as { items: unknown[] };
    expect(history.items).toEqual([]);

    await dropIndex(squatted);
    await createObject(t, definition);
    expect(await tableExists(t, 'gizmo')).toBe(true);
  });
});
