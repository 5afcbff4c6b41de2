import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, createSession } from '../../engine/src/access/index.ts';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { testKnex } from '../support/db.ts';
import { problemOf } from '../support/record-helpers.ts';
import { install, manifest, removePackages, writePackage } from './support.ts';

// GET /api/meta/packages: which package brought which objects, so the designer can mark them standard.
let t: TestEngine;
let repToken: string;

beforeAll(async () => {
  t = await startTestEngine();
  const actorId = (await t.request({ method: 'GET', url: '/api/auth/me' })).json<{ id: string }>().id;
  await t.request({ method: 'POST', url: '/api/meta/objects', payload: { api_name: 'my_own', label: { en: 'My own' } } });
  const report = await install(
    t.engine.knex,
    writePackage({ 'manifest.json': manifest('1.2.0'), 'objects/gadget.json': { api_name: 'gadget', label: { en: 'Gadget' } }, 'objects/part.json': { api_name: 'part', label: { en: 'Part' } } }),
    { tenant: t.tenant, actorId },
  );
  t.engine.models.invalidate(t.tenant.slug, report.metadata.version);
  const knex = testKnex();
  try {
    const rep = await createUser(knex, t.tenant.schema, { email: `rep@${t.tenant.slug}.test`, password: 'rep-password-123', name: 'Rep' });
    repToken = (await createSession(knex, t.tenant, rep.id, 3600)).token;
  } finally {
    await knex.destroy();
  }
});

afterAll(async () => {
  removePackages();
  await t?.close();
});

describe('GET /api/meta/packages', () => {
  it('lists the installed packages with the objects each brought; custom objects belong to none', async () => {
    const res = await t.request({ method: 'GET', url: '/api/meta/packages' });
    expect(res.statusCode, res.body).toBe(200);
    const { items } = res.json<{ items: Array<{ name: string; version: string; objects: string[]; installed_at: string }> }>();
    expect(items).toEqual([expect.objectContaining({ name: 'sample-kit', version: '1.2.0', objects: ['gadget', 'part'] })]);
    expect(Number.isNaN(Date.parse(items[0]?.installed_at ?? ''))).toBe(false);
    expect(JSON.stringify(items)).not.toContain('my_own');
  });

  it('is for administrators only, and is in the OpenAPI document', async () => {
    expect(problemOf(await t.request({ method: 'GET', url: '/api/meta/packages', token: repToken }))).toMatchObject({ status: 403, code: 'forbidden' });
    expect(problemOf(await t.request({ method: 'GET', url: '/api/meta/packages', token: null }))).toMatchObject({ status: 401 });
    const doc = (await t.request({ method: 'GET', url: '/api/openapi.json' })).json<{ paths: Record<string, unknown> }>();
    expect(doc.paths['/api/meta/packages']).toBeDefined();
  });
});
