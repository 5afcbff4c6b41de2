import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qualify } from '../../engine/src/db/index.ts';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { testKnex } from '../support/db.ts';
import { addField, createObject, createRecord } from '../support/meta-helpers.ts';

// Lists and reads of object tables run as prepared statements once their shape recurs (db/query.ts,
// `prepareAt`): named after the tenant's metadata version, so a table that changed shape is never read
// through a plan prepared before the change.
let t: TestEngine;
let id: string;

const list = async () => {
  const res = await t.request({ method: 'GET', url: `/api/records/gadget?filter=${encodeURIComponent(JSON.stringify({ '==': [{ var: 'kind' }, 'a'] }))}&sort=-size` });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { items: Array<Record<string, unknown>> }).items;
};
const read = async () => {
  const res = await t.request({ method: 'GET', url: `/api/records/gadget/${id}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Record<string, unknown>;
};

beforeAll(async () => {
  t = await startTestEngine();
  await createObject(t, { api_name: 'gadget', fields: [{ api_name: 'kind', type: 'text' }, { api_name: 'size', type: 'integer' }] });
  id = (await createRecord(t, 'gadget', { name: 'G1', kind: 'a', size: 3 })).id;
  await createRecord(t, 'gadget', { name: 'G2', kind: 'a', size: 5 });
});

afterAll(async () => {
  await t?.close();
});

describe('prepared reads of object tables', () => {
  it('see a field added after their plans were prepared, at once', async () => {
    for (let i = 0; i < 8; i++) {
      expect((await list()).map((r) => r.name)).toEqual(['G2', 'G1']);
      expect((await read()).name).toBe('G1');
    }
    await addField(t, 'gadget', { api_name: 'colour', type: 'text' });
    const res = await t.request({ method: 'PATCH', url: `/api/records/gadget/${id}`, payload: { colour: 'red' } });
    expect(res.statusCode, res.body).toBe(200);
    for (let i = 0; i < 8; i++) {
      expect((await list()).find((r) => r.name === 'G1')).toMatchObject({ colour: 'red', size: 3 });
      expect(await read()).toMatchObject({ colour: 'red' });
    }
  });

  it('answer when the table changed under a prepared plan without a new metadata version (a change another instance is committing)', async () => {
    for (let i = 0; i < 8; i++) await list();
    const knex = testKnex();
    try {
      await knex.raw(`alter table ${qualify(t.tenant.schema, 'gadget')} add column zz_out_of_band text`);
    } finally {
      await knex.destroy();
    }
    for (let i = 0; i < 4; i++) {
      const items = await list();
      expect(items.map((r) => r.name)).toEqual(['G2', 'G1']);
      expect(items[0]).not.toHaveProperty('zz_out_of_band');
      expect((await read()).name).toBe('G1');
    }
  });
});
