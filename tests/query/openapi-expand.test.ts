import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAjv } from '../../engine/src/kernel/index.ts';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { seedQueryWorld, type QueryWorld } from './world.ts';

/** The live OpenAPI document describes the new list parameters, expanded shapes and related lists, and real answers fit it. */

let t: TestEngine;
let world: QueryWorld;
type Doc = { paths: Record<string, Record<string, { parameters?: Array<{ name: string }> }>>; components: { schemas: Record<string, Record<string, unknown>> } };
let doc: Doc;

type ParserDocument = NonNullable<Parameters<SwaggerParser.ApiCallback>[1]>;

beforeAll(async () => {
  t = await startTestEngine();
  world = await seedQueryWorld(t, { opportunities: 10 });
  const res = await t.request({ method: 'GET', url: '/api/openapi.json' });
  expect(res.statusCode).toBe(200);
  doc = res.json() as Doc;
}, 60_000);
afterAll(() => t.close());

/** Validates a value against a schema of the document (the document's own $refs resolved). */
function fits(schemaName: string, value: unknown): { ok: boolean; errors: unknown } {
  const ajv = createAjv();
  ajv.addSchema({ ...doc, $id: 'doc' } as never, 'doc');
  const validate = ajv.compile({ $ref: `doc#/components/schemas/${schemaName}` });
  const ok = validate(value) as boolean;
  return { ok, errors: validate.errors };
}

describe('the OpenAPI document', () => {
  it('is still a valid OpenAPI 3.1 document', async () => {
    await expect(SwaggerParser.validate(structuredClone(doc) as unknown as ParserDocument)).resolves.toBeTruthy();
  });

  it('documents offset and expand on lists, next_offset on pages, and related lists per lookup', () => {
    const names = (doc.paths['/api/records/opportunity']?.get?.parameters ?? []).map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['filter', 'sort', 'limit', 'cursor', 'offset', 'fields', 'expand']));
    expect(Object.keys((doc.components.schemas.RecordQuery?.properties ?? {}) as object)).toEqual(expect.arrayContaining(['offset', 'expand', 'aggregate']));
    expect(doc.components.schemas.opportunity__list?.properties).toHaveProperty('next_offset');
    expect(doc.paths).toHaveProperty(['/api/records/account/{id}/related/opportunity']);
    expect(doc.paths).toHaveProperty(['/api/records/opportunity/{id}/related/task']);
    expect(doc.paths).not.toHaveProperty(['/api/records/task/{id}/related/opportunity']);
  });

  it('describes expanded lookups and users, and an expanded page fits the list schema', async () => {
    expect(doc.components.schemas).toHaveProperty('account__expanded');
    expect(doc.components.schemas).toHaveProperty('UserRef');
    const res = await t.request({ method: 'GET', url: '/api/records/opportunity?expand=customer,customer.country,customer.manager,owner_id&limit=50' });
    expect(res.statusCode).toBe(200);
    const page = res.json() as { items: Array<{ customer: unknown }> };
    expect(page.items.some((i) => typeof i.customer === 'object' && i.customer !== null)).toBe(true);
    expect(fits('opportunity__list', page)).toMatchObject({ ok: true });
    // As the rep sees it: hidden fields gone, other accounts {id} only — still the documented shape.
    const asRep = (await t.request({ method: 'GET', url: '/api/records/opportunity?expand=customer&limit=50', token: world.rep.token })).json();
    expect(fits('opportunity__list', asRep)).toMatchObject({ ok: true });
    // And the schema is no blank cheque: a wrong shape does not fit.
    expect(fits('opportunity__list', { items: [{ ...page.items[0], customer: { name: 'no id' } }], next_cursor: null }).ok).toBe(false);
  });
});
