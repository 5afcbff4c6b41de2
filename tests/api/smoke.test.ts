import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/engine.ts';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine();
});
afterAll(() => t.close());

describe('smoke', () => {
  it('creates an object and a record', async () => {
    const created = await t.request({ method: 'POST', url: '/api/meta/objects', payload: { api_name: 'project', label: { en: 'Project', 'zh-CN': '项目' }, fields: [{ api_name: 'budget', type: 'currency' }, { api_name: 'stage', type: 'picklist', values: [{ value: 'new', label: { en: 'New' } }] }, { api_name: 'code', type: 'autonumber', pattern: 'PR-{YYYY}-{0000}' }] } });
    console.log(created.statusCode, created.body.slice(0, 1500));
    expect(created.statusCode).toBe(201);
    const rec = await t.request({ method: 'POST', url: '/api/records/project', payload: { name: 'Apollo', budget: { amount: 12.5, currency: 'CNY' }, stage: 'new' } });
    console.log(rec.statusCode, rec.body);
    expect(rec.statusCode).toBe(201);
    const list = await t.request({ method: 'GET', url: '/api/records/project?sort=-name&limit=1' });
    console.log(list.statusCode, list.body);
    const bad = await t.request({ method: 'POST', url: '/api/records/project', payload: { budget: 'x', stage: 'zzz', nope: 1 } });
    console.log(bad.statusCode, bad.body);
    const doc = await t.request({ method: 'GET', url: '/api/openapi.json' });
    console.log(doc.statusCode, doc.body.slice(0, 500));
  });
});
