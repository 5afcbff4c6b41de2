import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/engine.ts';

interface Operation {
  operationId?: string;
  parameters?: Array<{ name: string; in: string }>;
  requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
  responses: Record<string, unknown>;
}
interface SchemaObject {
  type?: unknown;
  required?: string[];
  properties?: Record<string, unknown>;
}
interface OpenApiDoc {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, SchemaObject>; securitySchemes?: Record<string, unknown> };
}

/** The document type swagger-parser accepts, as its own callback type names it. */
type ParserDocument = NonNullable<Parameters<SwaggerParser.ApiCallback>[1]>;

const GENERATED_DIR = path.resolve(import.meta.dirname, '../generated');
const written: string[] = [];

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine();
});
afterAll(async () => {
  // tests/ is in the root tsconfig: leave no generated file (one of them is wrong on purpose) behind.
  for (const file of written) fs.rmSync(file, { force: true });
  await t?.close();
});

async function createObject(definition: Record<string, unknown>): Promise<void> {
  const res = await t.request({ method: 'POST', url: '/api/meta/objects', payload: definition });
  expect(res.statusCode, res.body).toBe(201);
}

async function fetchDocument(): Promise<OpenApiDoc> {
  const res = await t.request({ method: 'GET', url: '/api/openapi.json' });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  return res.json() as OpenApiDoc;
}

async function expectValid(doc: OpenApiDoc): Promise<void> {
  // validate() dereferences in place: give it a copy.
  await expect(SwaggerParser.validate(structuredClone(doc) as unknown as ParserDocument)).resolves.toBeTruthy();
}

/** Settings a field of each type needs to be valid; types absent here need none. */
const settingsByType: Record<string, Record<string, unknown>> = {
  picklist: { values: [{ value: 'new', label: { en: 'New' } }, { value: 'won', label: { en: 'Won' } }] },
  multi_picklist: { values: [{ value: 'red', label: { en: 'Red' } }, { value: 'blue', label: { en: 'Blue' } }] },
  // Points at the deal itself, so the roll-up below has children to count.
  lookup: { target: 'deal' },
  autonumber: { pattern: 'DL-{0000}' },
  rollup: { child_object: 'deal', via: 'f_lookup', function: 'count' },
  formula: { return_type: 'number', expression: { '*': [{ var: 'f_integer' }, 2] } },
};

describe('GET /api/openapi.json', () => {
  it('refuses a caller without a token', async () => {
    const res = await t.request({ method: 'GET', url: '/api/openapi.json', token: null });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('is a valid OpenAPI 3.1 document with every static route, even for a tenant without objects', async () => {
    const doc = await fetchDocument();
    expect(doc.openapi).toBe('3.1.0');
    await expectValid(doc);
    const paths = Object.keys(doc.paths);
    for (const route of [
      '/api/health',
      '/api/auth/login',
      '/api/auth/logout',
      '/api/auth/me',
      '/api/meta/objects',
      '/api/meta/objects/{object}',
      '/api/meta/objects/{object}/fields',
      '/api/meta/objects/{object}/fields/{field}',
      '/api/meta/plan',
      '/api/meta/changes',
      '/api/meta/changes/{id}',
      '/api/meta/changes/{id}/revert',
      '/api/records/{object}/{id}/restore',
      '/api/records/{object}/{id}/history',
      '/api/records/{object}/recycle-bin',
      '/api/records/{object}/{id}/purge',
      '/api/records/{object}/count',
      '/api/records/{object}/export',
      '/api/views/{object}',
      '/api/views/{object}/{id}',
      '/api/search',
      '/api/openapi.json',
    ]) {
      expect(paths, route).toContain(route);
    }
    expect(doc.paths['/api/auth/login']?.post).toBeDefined();
    expect(doc.paths['/api/meta/objects/{object}/fields/{field}']?.delete).toBeDefined();
    // The generic record routes are documented per object instead: no `{object}` record paths but those
    // that are the same for every object (restore, history, recycle bin, purge, count, export).
    expect(paths.filter((p) => p.startsWith('/api/records/{object}')).sort()).toEqual(
      ['/api/records/{object}/{id}/restore', '/api/records/{object}/{id}/history', '/api/records/{object}/recycle-bin', '/api/records/{object}/{id}/purge', '/api/records/{object}/count', '/api/records/{object}/export'].sort(),
    );
    expect(doc.components.securitySchemes?.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('has paths and create/update/read/list schemas for every active object, with a field of every type', async () => {
    await createObject({ api_name: 'account', label: { en: 'Account' }, fields: [{ api_name: 'industry', type: 'text' }] });
    const types = t.engine.registry.list().map((type) => type.name);
    expect(types.length).toBeGreaterThan(10);
    await createObject({
      api_name: 'deal',
      label: { en: 'Deal', 'zh-CN': '商机' },
      fields: types.filter((type) => type !== 'text').map((type) => ({ api_name: `f_${type}`, type, ...(settingsByType[type] ?? {}) })),
    });
    await createObject({ api_name: 'old_thing', label: { en: 'Old thing' } });
    expect((await t.request({ method: 'DELETE', url: '/api/meta/objects/old_thing' })).statusCode).toBe(200);

    const doc = await fetchDocument();
    await expectValid(doc);
    for (const object of ['account', 'deal']) {
      const schemas = doc.components.schemas;
      expect(schemas[object]?.properties, object).toHaveProperty('id');
      expect(schemas[object]?.properties).toHaveProperty('version');
      expect(schemas[`${object}__create`]?.properties).toHaveProperty('name');
      expect(schemas[`${object}__create`]?.properties).not.toHaveProperty('id');
      expect(schemas[`${object}__update`]?.properties).toHaveProperty('name');
      expect(schemas[`${object}__list`]?.properties).toHaveProperty('items');
      const collection = doc.paths[`/api/records/${object}`];
      const item = doc.paths[`/api/records/${object}/{id}`];
      expect(Object.keys(collection ?? {}).sort()).toEqual(expect.arrayContaining(['get', 'post']));
      expect(Object.keys(item ?? {}).sort()).toEqual(expect.arrayContaining(['delete', 'get', 'patch']));
      expect(collection?.post?.requestBody?.content['application/json']?.schema.$ref).toBe(`#/components/schemas/${object}__create`);
      expect(item?.patch?.requestBody?.content['application/json']?.schema.$ref).toBe(`#/components/schemas/${object}__update`);
      expect(item?.patch?.parameters?.map((p) => `${p.in}:${p.name}`)).toContain('header:If-Match');
      expect(doc.paths[`/api/records/${object}/query`]?.post?.requestBody?.content['application/json']?.schema.$ref).toBe('#/components/schemas/RecordQuery');
    }
    const deal = doc.components.schemas.deal?.properties ?? {};
    for (const type of types.filter((type) => type !== 'text')) expect(deal, type).toHaveProperty(`f_${type}`);
    // A generated field (autonumber) is read-only: absent from create and update.
    expect(doc.components.schemas.deal__create?.properties).not.toHaveProperty('f_autonumber');
    expect(doc.components.schemas.deal__update?.properties).not.toHaveProperty('f_autonumber');
    // The archived object is gone from the document.
    expect(Object.keys(doc.paths).filter((p) => p.includes('old_thing'))).toEqual([]);
    expect(doc.components.schemas).not.toHaveProperty('old_thing');
  });

  it('shows a field added through the API in the very next document, and drops it once archived', async () => {
    const before = await fetchDocument();
    expect(before.components.schemas.account?.properties).not.toHaveProperty('tier');
    const added = await t.request({ method: 'POST', url: '/api/meta/objects/account/fields', payload: { api_name: 'tier', type: 'integer', required: true } });
    expect(added.statusCode, added.body).toBe(201);

    const after = await fetchDocument();
    await expectValid(after);
    expect(Number(after.info.version)).toBeGreaterThan(Number(before.info.version));
    expect(after.components.schemas.account?.properties).toHaveProperty('tier');
    expect(after.components.schemas.account__create?.required).toContain('tier');
    expect(after.components.schemas.account__update?.properties).toHaveProperty('tier');

    const archived = await t.request({ method: 'DELETE', url: '/api/meta/objects/account/fields/tier' });
    expect(archived.statusCode, archived.body).toBe(200);
    const last = await fetchDocument();
    await expectValid(last);
    for (const name of ['account', 'account__create', 'account__update']) expect(last.components.schemas[name]?.properties, name).not.toHaveProperty('tier');
    expect(last.components.schemas.account__create?.required ?? []).not.toContain('tier');
  });
});

describe('Swagger UI', () => {
  it('serves HTML at /docs configured to read the live document', async () => {
    const page = await t.request({ method: 'GET', url: '/docs', token: null });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('swagger-ui');
    const initializer = await t.request({ method: 'GET', url: '/docs/static/swagger-initializer.js', token: null });
    expect(initializer.statusCode).toBe(200);
    expect(initializer.body).toContain('"/api/openapi.json"');
  });
});

/** Diagnostics of a TypeScript program over `files`, as "file:line: message". */
function typecheck(files: string[]): string[] {
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2023.d.ts'],
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: ['node'],
  });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file && d.start !== undefined ? `${path.basename(d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}` : '-';
    return `${where}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

const clientSource = (typesModule: string) => `import createClient from 'openapi-fetch';
import type { paths } from './${typesModule}';

export async function run(baseUrl: string, token: string) {
  const client = createClient<paths>({ baseUrl, headers: { authorization: \`Bearer \${token}\` } });
  const created = await client.POST('/api/records/gadget', { body: { name: 'Sprocket', price: 12.5, in_stock: true, stage: 'draft', ships_on: '2030-01-31' } });
  if (!created.data) throw new Error(\`create failed: \${JSON.stringify(created.error)}\`);
  const id: string = created.data.id;
  const createdVersion: number = created.data.version;
  const read = await client.GET('/api/records/gadget/{id}', { params: { path: { id } } });
  if (!read.data) throw new Error('read failed');
  const price: number | null = read.data.price;
  const found = await client.POST('/api/records/gadget/query', { body: { filter: { '==': [{ var: 'stage' }, 'draft'] }, sort: ['-price'], limit: 10 } });
  if (!found.data) throw new Error(\`query failed: \${JSON.stringify(found.error)}\`);
  const foundNames: string[] = found.data.items.map((item) => item.name ?? '');
  const updated = await client.PATCH('/api/records/gadget/{id}', {
    params: { path: { id }, header: { 'If-Match': String(createdVersion) } },
    body: { price: 20, stage: 'live' },
  });
  if (!updated.data) throw new Error(\`update failed: \${JSON.stringify(updated.error)}\`);
  const stale = await client.PATCH('/api/records/gadget/{id}', { params: { path: { id }, header: { 'If-Match': String(createdVersion) } }, body: { price: 1 } });
  const removed = await client.DELETE('/api/records/gadget/{id}', { params: { path: { id }, header: { 'If-Match': String(updated.data.version) } } });
  const gone = await client.GET('/api/records/gadget/{id}', { params: { path: { id } } });
  return {
    created: created.data,
    createdStatus: created.response.status,
    readPrice: price,
    foundNames,
    updated: updated.data,
    staleStatus: stale.response.status,
    staleError: stale.error,
    removedStatus: removed.response.status,
    goneStatus: gone.response.status,
  };
}
`;

// Each line holds one call the generated types must reject.
const wrongSource = (typesModule: string) => `import createClient from 'openapi-fetch';
import type { paths } from './${typesModule}';

const client = createClient<paths>({ baseUrl: 'http://127.0.0.1:1' });
export const calls = [
  async () => (await client.GET('/api/records/gadget/{id}', { params: { path: { id: 'x' } } })).data?.no_such_field,
  client.POST('/api/records/gadget', { body: { name: 'x', in_stock: 'yes' } }),
  client.POST('/api/records/gadget', { body: { name: 'x', price: 'twelve' } }),
  client.POST('/api/records/gadget', { body: { price: 3 } }),
  client.POST('/api/records/gadget', { body: { name: 'x', stage: 'not-a-stage' } }),
  client.GET('/api/records/no_such_object'),
  client.GET('/api/records/gadget/{id}', { params: { path: { identifier: 'x' } } }),
];
`;

describe('a typed client generated from the live document', () => {
  it('typechecks, rejects wrong calls, and creates, reads, updates and deletes over real HTTP', { timeout: 120_000 }, async () => {
    await createObject({
      api_name: 'gadget',
      label: { en: 'Gadget' },
      fields: [
        { api_name: 'price', type: 'decimal', precision: 12, scale: 2 },
        { api_name: 'in_stock', type: 'boolean' },
        { api_name: 'stage', type: 'picklist', values: [{ value: 'draft', label: { en: 'Draft' } }, { value: 'live', label: { en: 'Live' } }] },
        { api_name: 'ships_on', type: 'date' },
      ],
    });
    const doc = await fetchDocument();
    await expectValid(doc);

    const unique = `openapi-${crypto.randomBytes(6).toString('hex')}`;
    fs.mkdirSync(GENERATED_DIR, { recursive: true });
    const typesFile = path.join(GENERATED_DIR, `${unique}.d.ts`);
    const clientFile = path.join(GENERATED_DIR, `${unique}.client.ts`);
    const wrongFile = path.join(GENERATED_DIR, `${unique}.wrong.ts`);
    written.push(typesFile, clientFile, wrongFile);
    const types = astToString(await openapiTS(structuredClone(doc) as unknown as OpenAPI3));
    expect(types).toContain('"/api/records/gadget/{id}"');
    fs.writeFileSync(typesFile, types);
    fs.writeFileSync(clientFile, clientSource(`${unique}.js`));
    fs.writeFileSync(wrongFile, wrongSource(`${unique}.js`));

    expect(typecheck([clientFile])).toEqual([]);
    const wrong = typecheck([wrongFile]);
    const wrongLines = wrongSource('').split('\n');
    const firstCall = wrongLines.findIndex((line) => line.includes('no_such_field')) + 1;
    const lastCall = wrongLines.findIndex((line) => line.includes('identifier')) + 1;
    for (let line = firstCall; line <= lastCall; line++) {
      expect(wrong.some((d) => d.startsWith(`${unique}.wrong.ts:${line}:`)), `line ${line} (${wrongLines[line - 1]?.trim()}) must not typecheck:\n${wrong.join('\n')}`).toBe(true);
    }

    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    if (!address || typeof address !== 'object') throw new Error('the app is not listening');
    const client = (await import(clientFile)) as { run(baseUrl: string, token: string): Promise<Record<string, unknown>> };
    const result = await client.run(`http://127.0.0.1:${address.port}`, t.token);
    expect(result.createdStatus).toBe(201);
    expect(result.created).toMatchObject({ name: 'Sprocket', price: 12.5, in_stock: true, stage: 'draft', ships_on: '2030-01-31', version: 1 });
    expect(result.readPrice).toBe(12.5);
    expect(result.foundNames).toEqual(['Sprocket']);
    expect(result.updated).toMatchObject({ name: 'Sprocket', price: 20, stage: 'live', version: 2 });
    expect(result.staleStatus).toBe(412);
    expect(result.staleError).toMatchObject({ code: 'version_conflict' });
    expect(result.removedStatus).toBe(204);
    expect(result.goneStatus).toBe(404);
  });
});
