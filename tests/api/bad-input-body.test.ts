import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { expectRefusedWithoutChange, type Refusal, type TestRequest } from '../support/snapshot.ts';

let t: TestEngine;
let recordUrl: string;
beforeAll(async () => {
  t = await startTestEngine();
  const base = await t.request({ method: 'POST', url: '/api/meta/objects', payload: { api_name: 'account', fields: [{ api_name: 'data', type: 'json' }] } });
  if (base.statusCode !== 201) throw new Error(`base object: ${base.body}`);
  const record = await t.request({ method: 'POST', url: '/api/records/account', payload: { name: 'Acme' } });
  if (record.statusCode !== 201) throw new Error(`base record: ${record.body}`);
  recordUrl = `/api/records/account/${(record.json() as { id: string }).id}`;
});
afterAll(() => t?.close());

const nestedArrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const nestedObjects = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const json = { 'content-type': 'application/json' };

/** Every route that takes a body, so each refusal is checked on all of them. */
const targets: Array<[string, () => Pick<TestRequest, 'method' | 'url'>]> = [
  ['POST /api/meta/objects', () => ({ method: 'POST', url: '/api/meta/objects' })],
  ['POST /api/meta/objects/:object/fields', () => ({ method: 'POST', url: '/api/meta/objects/account/fields' })],
  ['PATCH /api/meta/objects/:object', () => ({ method: 'PATCH', url: '/api/meta/objects/account' })],
  ['POST /api/meta/plan', () => ({ method: 'POST', url: '/api/meta/plan' })],
  ['POST /api/records/:object', () => ({ method: 'POST', url: '/api/records/account' })],
  ['PATCH /api/records/:object/:id', () => ({ method: 'PATCH', url: recordUrl })],
  ['POST /api/records/:object/query', () => ({ method: 'POST', url: '/api/records/account/query' })],
];

const bodies: Array<[string, { payload: string | Buffer; headers: Record<string, string> }, Refusal]> = [
  ['10,000 levels of nested arrays', { payload: nestedArrays(10_000), headers: json }, { status: 400, code: 'json_too_deep' }],
  ['10,000 levels of nested objects', { payload: nestedObjects(10_000), headers: json }, { status: 400, code: 'json_too_deep' }],
  ['100 levels of nesting inside a field value', { payload: `{"api_name":"deep","data":${nestedArrays(100)}}`, headers: json }, { status: 400, code: 'json_too_deep' }],
  ['invalid JSON', { payload: '{"api_name": "deep",', headers: json }, { status: 400, code: 'invalid_json' }],
  ['JSON with a trailing comma', { payload: '{"api_name": "deep",}', headers: json }, { status: 400, code: 'invalid_json' }],
  ['single-quoted JSON', { payload: "{'api_name': 'deep'}", headers: json }, { status: 400, code: 'invalid_json' }],
  ['NaN as a bare word', { payload: '{"data": NaN}', headers: json }, { status: 400, code: 'invalid_json' }],
  ['an empty JSON body', { payload: '', headers: json }, { status: 400, code: 'invalid_json' }],
  ['a body of blanks', { payload: '  \n ', headers: json }, { status: 400, code: 'invalid_json' }],
  ['a body that is not UTF-8', { payload: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), headers: json }, { status: 400, code: 'invalid_json' }],
  ['a 10 MB body', { payload: `{"data":"${'x'.repeat(10 * 1024 * 1024)}"}`, headers: json }, { status: 413, code: 'payload_too_large' }],
  ['text/plain', { payload: '{"api_name":"plain"}', headers: { 'content-type': 'text/plain' } }, { status: 415, code: 'unsupported_media_type' }],
  ['a form post', { payload: 'api_name=form', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, { status: 415, code: 'unsupported_media_type' }],
  ['XML', { payload: '<object api_name="xml"/>', headers: { 'content-type': 'application/xml' } }, { status: 415, code: 'unsupported_media_type' }],
  ['a made-up media type', { payload: '{}', headers: { 'content-type': 'application/x-tessera' } }, { status: 415, code: 'unsupported_media_type' }],
];

describe.each(targets)('bodies refused by %s', (_route, target) => {
  it.each(bodies)('%s', async (_what, body, refusal) => {
    await expectRefusedWithoutChange(t, { ...target(), ...body }, refusal);
  });
});

describe('JSON nesting limit', () => {
  it('accepts 60 levels of nesting in a JSON field, so the limit refuses only hostile depth', async () => {
    const response = await t.request({ method: 'POST', url: '/api/records/account', payload: `{"name":"Deep","data":${nestedArrays(60)}}`, headers: json });
    expect(response.statusCode, response.body).toBe(201);
  });
});

describe('bodies that are JSON but not an object', () => {
  const notObjects: Array<[string, string]> = [
    ['an array', '[{"name":"Acme"}]'],
    ['a string', '"Acme"'],
    ['a number', '42'],
    ['null', 'null'],
    ['true', 'true'],
  ];

  it.each(notObjects)('refuses %s as a new record with validation_failed naming the body', async (_what, payload) => {
    await expectRefusedWithoutChange(t, { method: 'POST', url: '/api/records/account', payload, headers: json }, { status: 422, code: 'validation_failed', fields: ['body'] });
  });

  it.each(notObjects)('refuses %s as a record change with validation_failed naming the body', async (_what, payload) => {
    await expectRefusedWithoutChange(t, { method: 'PATCH', url: recordUrl, payload, headers: json }, { status: 422, code: 'validation_failed', fields: ['body'] });
  });

  it.each(notObjects)('refuses %s as an object definition with invalid_metadata naming the body', async (_what, payload) => {
    await expectRefusedWithoutChange(t, { method: 'POST', url: '/api/meta/objects', payload, headers: json }, { status: 422, code: 'invalid_metadata', fields: ['body'] });
  });

  it.each(notObjects)('refuses %s as a field definition with invalid_metadata naming the body', async (_what, payload) => {
    await expectRefusedWithoutChange(t, { method: 'POST', url: '/api/meta/objects/account/fields', payload, headers: json }, { status: 422, code: 'invalid_metadata', fields: ['body'] });
  });

  it('refuses a POST without any body or content type with a 4xx problem, not a 500', async () => {
    await expectRefusedWithoutChange(t, { method: 'POST', url: '/api/records/account' }, { status: 422, code: 'validation_failed', fields: ['body'] });
    await expectRefusedWithoutChange(t, { method: 'POST', url: '/api/meta/objects' }, { status: 422, code: 'invalid_metadata', fields: ['body'] });
  });
});
