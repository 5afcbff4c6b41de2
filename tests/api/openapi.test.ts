import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import SwaggerParser from '@apidevtools/swagger-parser';
import { startTestEngine, type TestEngine } from '../support/engine.ts';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine();
});
afterAll(() => t.close());

describe('probe', () => {
  it('doc', async () => {
    const c = await t.request({ method: 'POST', url: '/api/meta/objects', payload: { api_name: 'project', label: 'Project', fields: [{ api_name: 'budget', type: 'currency' }, { api_name: 'stage', type: 'picklist', values: [{ value: 'new', label: { en: 'New' } }] }, { api_name: 'code', type: 'autonumber', pattern: 'PR-{0000}' }, { api_name: 'owner', type: 'user' }, { api_name: 'tags', type: 'multi_picklist', values: [{ value: 'a', label: 'A' }] }] } });
    console.log(c.statusCode, c.body.slice(0, 300));
    const doc = await t.request({ method: 'GET', url: '/api/openapi.json' });
    console.log(JSON.stringify(doc.json(), null, 1));
    try { await SwaggerParser.validate(structuredClone(doc.json())); console.log('VALID'); } catch (e) { console.log('INVALID', e); }
    const docs = await t.request({ method: 'GET', url: '/docs', token: null });
    console.log(docs.statusCode, docs.headers, docs.body.slice(0, 500));
  });
});
