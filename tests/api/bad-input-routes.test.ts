import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { expectRefusedWithoutChange, type Refusal, type TestRequest } from '../support/snapshot.ts';

let t: TestEngine;
let id: string;
const MISSING_ID = '0190f5a4-7c1e-7d2a-9b3c-4d5e6f708192';
const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

beforeAll(async () => {
  t = await startTestEngine();
  const fields = [
    { api_name: 'seats', type: 'integer' },
    { api_name: 'extra', type: 'json' },
    { api_name: 'body_html', type: 'rich_text' },
    { api_name: 'tags', type: 'multi_picklist', values: [{ value: 'a', label: { en: 'A' } }] },
  ];
  const created = await t.request({ method: 'POST', url: '/api/meta/objects', payload: { api_name: 'account', fields } });
  if (created.statusCode !== 201) throw new Error(`object: ${created.body}`);
  for (const name of ['Acme', 'Globex', 'Initech']) {
    const record = await t.request({ method: 'POST', url: '/api/records/account', payload: { name, seats: name.length } });
    if (record.statusCode !== 201) throw new Error(`record: ${record.body}`);
    id = (record.json() as { id: string }).id;
  }
  const archived = await t.request({ method: 'POST', url: '/api/meta/objects', payload: { api_name: 'old_thing' } });
  const gone = await t.request({ method: 'DELETE', url: '/api/meta/objects/old_thing' });
  if (archived.statusCode !== 201 || gone.statusCode !== 200) throw new Error(`archived object: ${archived.body} ${gone.body}`);
});
afterAll(() => t?.close());

const notFound = (code: Refusal['code']): Refusal => ({ status: 404, code });

describe('record routes on objects that do not exist', () => {
  const objects = ['nope', 'old_thing', 'Account', '_users', '_meta_objects', 'x'.repeat(80)];
  const routes: Array<[string, (object: string) => TestRequest]> = [
    ['list', (o) => ({ method: 'GET', url: `/api/records/${o}` })],
    ['query', (o) => ({ method: 'POST', url: `/api/records/${o}/query`, payload: {} })],
    ['create', (o) => ({ method: 'POST', url: `/api/records/${o}`, payload: { name: 'X' } })],
    ['get', (o) => ({ method: 'GET', url: `/api/records/${o}/${id}` })],
    ['update', (o) => ({ method: 'PATCH', url: `/api/records/${o}/${id}`, payload: { name: 'X' } })],
    ['delete', (o) => ({ method: 'DELETE', url: `/api/records/${o}/${id}` })],
    ['restore', (o) => ({ method: 'POST', url: `/api/records/${o}/${id}/restore` })],
  ];
  const cases = routes.flatMap(([route, request]) => objects.map((object) => [route, object.slice(0, 20), () => request(object)] as const));

  it.each(cases)('%s on %s is 404 object_not_found', async (_route, _object, request) => {
    await expectRefusedWithoutChange(t, request(), notFound('object_not_found'));
  });

  it.each(routes)('%s with a path segment longer than the router takes is 400 bad_request', async (_route, request) => {
    await expectRefusedWithoutChange(t, request('x'.repeat(200)), { status: 400, code: 'bad_request' });
  });

  it('a path with broken percent-encoding is 400 bad_request', async () => {
    await expectRefusedWithoutChange(t, { method: 'GET', url: '/api/records/%E0%A4%A' }, { status: 400, code: 'bad_request' });
  });

  it.each(['nope', 'x'.repeat(80)])('metadata of the object %s is 404 object_not_found', async (object) => {
    for (const request of [
      { method: 'GET', url: `/api/meta/objects/${object}` },
      { method: 'PATCH', url: `/api/meta/objects/${object}`, payload: { description: 'x' } },
      { method: 'DELETE', url: `/api/meta/objects/${object}` },
      { method: 'POST', url: `/api/meta/objects/${object}/fields`, payload: { api_name: 'x', type: 'text' } },
    ] as TestRequest[]) {
      await expectRefusedWithoutChange(t, request, notFound('object_not_found'));
    }
  });

  it.each([
    ['change', { method: 'PATCH', url: '/api/meta/objects/account/fields/nope', payload: { label: 'X' } }],
    ['archive', { method: 'DELETE', url: '/api/meta/objects/account/fields/nope' }],
  ] as Array<[string, TestRequest]>)('%s of a field that does not exist is 404 field_not_found', async (_what, request) => {
    await expectRefusedWithoutChange(t, request, notFound('field_not_found'));
  });

  it.each(['not-a-uuid', MISSING_ID])('metadata change %s is 404 change_not_found', async (change) => {
    await expectRefusedWithoutChange(t, { method: 'GET', url: `/api/meta/changes/${change}` }, notFound('change_not_found'));
    await expectRefusedWithoutChange(t, { method: 'POST', url: `/api/meta/changes/${change}/revert` }, notFound('change_not_found'));
  });
});

describe('records that do not exist', () => {
  const ids = [
    ['an unknown uuid', MISSING_ID],
    ['a non-uuid', 'not-a-uuid'],
    ['a number', '42'],
    ['an upper-case nil uuid', '00000000-0000-0000-0000-00000000000G'],
    ['a quote', "1'or'1'='1"],
  ];
  it.each(ids)('get, update, delete and restore of %s are 404 record_not_found', async (_what, recordId) => {
    const url = `/api/records/account/${encodeURIComponent(recordId as string)}`;
    for (const request of [
      { method: 'GET', url },
      { method: 'PATCH', url, payload: { name: 'X' } },
      { method: 'DELETE', url },
      { method: 'POST', url: `${url}/restore` },
    ] as TestRequest[]) {
      await expectRefusedWithoutChange(t, request, notFound('record_not_found'));
    }
  });
});

describe('routes that do not exist', () => {
  it.each([
    ['GET', '/api/nope'],
    ['GET', '/api'],
    ['POST', '/api/records'],
    ['PUT', '/api/records/account'],
    ['PUT', '/api/meta/objects/account'],
    ['DELETE', '/api/meta/objects'],
    ['GET', '/api/records/account/x/y/z'],
    ['POST', '/api/meta/objects/account/fields/x/y'],
  ] as const)('%s %s is 404 route_not_found', async (method, url) => {
    const problem = await expectRefusedWithoutChange(t, { method, url, payload: method === 'GET' || method === 'DELETE' ? undefined : {} }, notFound('route_not_found'));
    expect(problem.detail).toContain(url);
  });
});

describe('query parameters', () => {
  const invalid = (field: string): Refusal => ({ status: 400, code: 'invalid_parameter', fields: [field] });
  const badSort = (field: string): Refusal => ({ status: 400, code: 'invalid_sort', fields: [field] });
  const cases: Array<[string, string, Refusal]> = [
    ['limit=0', 'limit=0', invalid('limit')],
    ['limit=-1', 'limit=-1', invalid('limit')],
    ['limit=abc', 'limit=abc', invalid('limit')],
    ['limit=1.5', 'limit=1.5', invalid('limit')],
    ['limit=100000', 'limit=100000', invalid('limit')],
    ['limit=1e3', 'limit=1e3', invalid('limit')],
    ['an empty limit', 'limit=', invalid('limit')],
    ['limit given twice', 'limit=1&limit=2', invalid('limit')],
    ['sort on an unknown field', 'sort=nope', badSort('nope')],
    ['sort on a json field', 'sort=extra', badSort('extra')],
    ['sort on a rich text field', 'sort=-body_html', badSort('body_html')],
    ['sort on a multi-picklist', 'sort=tags', badSort('tags')],
    ['sort on a field twice', 'sort=name,-name', badSort('name')],
    ['sort on an archived system column', 'sort=deleted_at', badSort('deleted_at')],
    ['sort on six fields', 'sort=name,seats,created_at,updated_at,version,owner_id', { status: 400, code: 'invalid_sort' }],
    ['a filter that is not JSON', 'filter=name%3DAcme', { status: 400, code: 'invalid_filter' }],
    ['a filter that is a JSON string', 'filter=%22Acme%22', { status: 400, code: 'invalid_filter' }],
    // Filter errors name their place in the rule (docs/http-api.md, Filters).
    ['a filter on an unknown field', `filter=${encodeURIComponent('{"==":[{"var":"nope"},1]}')}`, { status: 400, code: 'invalid_filter', fields: ['==.0.var'] }],
    ['a filter with a value of the wrong type', `filter=${encodeURIComponent('{"==":[{"var":"seats"},"many"]}')}`, { status: 400, code: 'invalid_filter', fields: ['=='] }],
    ['a filter reaching for a prototype', `filter=${encodeURIComponent('{"==":[{"var":"constructor.name"},"Object"]}')}`, { status: 400, code: 'invalid_filter', fields: ['==.0.var'] }],
    ['a filter with an unknown operator', `filter=${encodeURIComponent('{"regexp":[{"var":"name"},".*"]}')}`, { status: 400, code: 'invalid_filter' }],
    ['a filter that is a list, not an operation', `filter=${encodeURIComponent('[{"==":[{"var":"id"},"x"]}]')}`, { status: 400, code: 'invalid_filter', fields: ['filter'] }],
    ['a filter nested 40 deep', `filter=${encodeURIComponent(`${'{"and":['.repeat(40)}{"==":[{"var":"name"},"x"]}${']}'.repeat(40)}`)}`, { status: 400, code: 'invalid_filter' }],
    ['a cursor that is not base64 JSON', 'cursor=%%%', { status: 400, code: 'invalid_cursor' }],
    ['a cursor of another sort', `cursor=${cursorOf({ s: '-name,id', v: ['Acme', MISSING_ID] })}&sort=seats`, { status: 400, code: 'invalid_cursor' }],
    ['a cursor with an object value', `cursor=${cursorOf({ s: 'id', v: [{ a: 1 }] })}`, { status: 400, code: 'invalid_cursor' }],
    ['a cursor with a non-uuid id', `cursor=${cursorOf({ s: 'id', v: ['not-a-uuid'] })}`, { status: 400, code: 'invalid_cursor' }],
    ['a cursor with text for an integer sort', `cursor=${cursorOf({ s: 'seats,id', v: ['many', MISSING_ID] })}&sort=seats`, { status: 400, code: 'invalid_cursor' }],
    ['a cursor with a bad timestamp', `cursor=${cursorOf({ s: 'created_at,id', v: ['yesterday-ish', MISSING_ID] })}&sort=created_at`, { status: 400, code: 'invalid_cursor' }],
    ['fields naming an unknown field', 'fields=name,nope', invalid('nope')],
  ];

  it.each(cases)('GET list with %s is 400 with a code', async (_what, query, refusal) => {
    await expectRefusedWithoutChange(t, { method: 'GET', url: `/api/records/account?${query}` }, refusal);
  });

  it.each([
    ['limit as a string', { limit: 'ten' }, invalid('limit')],
    ['limit 0', { limit: 0 }, invalid('limit')],
    ['an unknown property', { where: 'name = 1' }, invalid('where')],
    ['sort as a number', { sort: 5 }, invalid('sort')],
    ['sort on a json field', { sort: ['extra'] }, badSort('extra')],
    ['a filter that is a string', { filter: 'name = 1' }, { status: 400, code: 'invalid_filter' }],
    ['a cursor as an object', { cursor: { s: 'id' } }, invalid('cursor')],
    ['fields as a number', { fields: 3 }, invalid('fields')],
  ] as Array<[string, object, Refusal]>)('POST query with %s is 400 with a code', async (_what, payload, refusal) => {
    await expectRefusedWithoutChange(t, { method: 'POST', url: '/api/records/account/query', payload }, refusal);
  });

  it.each([
    ['include_archived=maybe', '/api/meta/objects?include_archived=maybe'],
    ['limit=0 on changes', '/api/meta/changes?limit=0'],
    ['limit=abc on changes', '/api/meta/changes?limit=abc'],
  ])('metadata list with %s is 400 invalid_parameter', async (_what, url) => {
    await expectRefusedWithoutChange(t, { method: 'GET', url }, { status: 400, code: 'invalid_parameter' });
  });

  it('a real cursor still pages, so the refusals above are about the tampering', async () => {
    const first = await t.request({ method: 'GET', url: '/api/records/account?sort=seats&limit=2' });
    const cursor = (first.json() as { next_cursor: string }).next_cursor;
    const second = await t.request({ method: 'GET', url: `/api/records/account?sort=seats&limit=2&cursor=${cursor}` });
    expect(second.statusCode, second.body).toBe(200);
    expect((second.json() as { items: unknown[] }).items).toHaveLength(1);
  });
});
