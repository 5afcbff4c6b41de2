import type { InjectOptions } from 'fastify';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { createObject, createRecord, loginNonAdmin } from '../support/meta-helpers.ts';
import { snapshotTenant } from '../support/snapshot.ts';

/**
 * The routes added for the designer and the user picker — GET /api/users, POST …/preview-rule,
 * POST /api/forms/:object/preview, GET/PUT /api/meta/diagram — under hostile input: wrong JSON types,
 * prototype keys, huge and deep bodies, unicode, LIKE wildcards. Whatever arrives, the answer is a
 * 2xx or a 4xx problem+json with a catalogued code, never a 500, and a non-admin is refused before
 * the body is looked at.
 */

let t: TestEngine;
let rep: { token: string; userId: string };
let big: string;

type Req = InjectOptions & { token?: string | null };

beforeAll(async () => {
  t = await startTestEngine();
  await createObject(t, { api_name: 'account', label: { en: 'Account' }, fields: [{ api_name: 'industry', type: 'text' }] });
  await createObject(t, {
    api_name: 'deal',
    label: { en: 'Deal' },
    fields: [
      { api_name: 'amount', type: 'decimal', precision: 12, scale: 2 },
      { api_name: 'close_date', type: 'date' },
      { api_name: 'customer', type: 'lookup', target: 'account', on_delete: 'set_null' },
      { api_name: 'secret', type: 'text' },
    ],
  });
  const acme = (await createRecord(t, 'account', { name: 'Acme', industry: 'bank' })).id;
  big = (await createRecord(t, 'deal', { name: 'Big deal', amount: 1500, close_date: '2026-03-01', customer: acme, secret: 'hush' })).id;
  rep = await loginNonAdmin(t);
}, 120_000);

afterAll(() => t?.close());

/** A 2xx, or a 4xx problem+json with a code; never a 5xx. */
async function answered(req: Req, label: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await t.request(req);
  const what = `${label} → ${res.statusCode} ${res.body.slice(0, 400)}`;
  expect(res.statusCode, what).toBeLessThan(500);
  if (res.statusCode >= 400) {
    expect(res.headers['content-type'], what).toMatch(/^application\/problem\+json/);
    expect(typeof (res.json() as { code?: unknown }).code, what).toBe('string');
  }
  return { status: res.statusCode, body: res.body === '' ? {} : (res.json() as Record<string, unknown>) };
}

const raw = (method: 'POST' | 'PUT', url: string, payload: string, token?: string | null): Req => ({ method, url, payload, headers: { 'content-type': 'application/json' }, ...(token !== undefined ? { token } : {}) });

/** Bodies no route should choke on. */
const NASTY_BODIES: Array<[string, string]> = [
  ['null', 'null'],
  ['a string', '"x"'],
  ['a number', '42'],
  ['true', 'true'],
  ['a list', '[1, 2]'],
  ['an empty object', '{}'],
  ['__proto__ as a key', '{"__proto__": {"is_admin": true}}'],
  ['constructor as a key', '{"constructor": {"prototype": {"polluted": 1}}}'],
  ['a 64-level nesting', `${'['.repeat(64)}${']'.repeat(64)}`],
  ['a 65-level nesting', `${'['.repeat(65)}${']'.repeat(65)}`],
  ['a huge array', JSON.stringify(Array.from({ length: 100_000 }, () => 1))],
  ['unicode and a NUL', JSON.stringify({ '😀': '\u0000\u202e', 'ñ': ['\ud83d'] })],
];

describe('every new route, under hostile bodies', () => {
  const routes: Array<['POST' | 'PUT', string]> = [
    ['POST', '/api/meta/objects/deal/preview-rule'],
    ['POST', '/api/forms/deal/preview'],
    ['PUT', '/api/meta/diagram'],
  ];

  it('answers each with a 4xx problem, never a 500, and changes nothing', async () => {
    const before = await snapshotTenant(t);
    for (const [method, url] of routes) {
      for (const [what, body] of NASTY_BODIES) {
        const { status } = await answered(raw(method, url, body), `${method} ${url} with ${what}`);
        expect(status, `${method} ${url} with ${what}`).toBeGreaterThanOrEqual(400);
      }
      // 10 MB: refused by the body limit.
      const huge = await answered(raw(method, url, JSON.stringify({ rule: 'x'.repeat(10 * 1024 * 1024) })), `${url} 10 MB`);
      expect([huge.status, huge.body.code]).toEqual([413, 'payload_too_large']);
    }
    expect(await snapshotTenant(t)).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).is_admin).toBeUndefined();
  });

  it('refuses a non-admin with 403 before looking at the body, whatever it is', async () => {
    for (const [method, url] of routes) {
      for (const [what, body] of [...NASTY_BODIES, ['not JSON', '{"a": '] as [string, string]]) {
        const { status, body: problem } = await answered(raw(method, url, body, rep.token), `non-admin ${method} ${url} with ${what}`);
        expect([status, problem.code], `non-admin ${method} ${url} with ${what}`).toEqual([403, 'forbidden']);
      }
      const huge = await answered(raw(method, url, JSON.stringify({ rule: 'x'.repeat(10 * 1024 * 1024) }), rep.token), `non-admin ${url} 10 MB`);
      expect(huge.status, `non-admin ${url} 10 MB`).toBe(403);
    }
  });
});

describe('POST /api/meta/objects/:object/preview-rule, hostile rules', () => {
  const preview = (body: unknown) => answered({ method: 'POST', url: '/api/meta/objects/deal/preview-rule', payload: body as Record<string, unknown> }, JSON.stringify(body).slice(0, 200));

  it('never reaches a prototype: prototype names as paths, operations and arguments are refused as saving would', async () => {
    const rules: unknown[] = [
      { var: '__proto__' },
      { var: 'constructor' },
      { var: 'prototype' },
      { var: 'customer.constructor.name' },
      { var: 'customer.__proto__.polluted' },
      { var: ['__proto__'] },
      { var: ['constructor', 'fallback'] },
      { __proto__: [1] },
      { constructor: [1] },
      { toString: [] },
      { hasOwnProperty: ['name'] },
      { valueOf: [] },
      { missing: ['__proto__'] },
      { missing_some: [1, ['constructor']] },
      { prior: '__proto__' },
      { changed: 'constructor' },
    ];
    for (const kind of ['condition', 'formula', 'default'] as const) {
      for (const rule of rules) {
        const body = JSON.parse(JSON.stringify({ kind, rule, record_id: big, ...(kind === 'formula' ? { return_type: 'text' } : {}) })) as Record<string, unknown>;
        // JSON.parse keeps "__proto__" as an own key, as the engine's body parser does.
        const { status, body: answer } = await answered({ method: 'POST', url: '/api/meta/objects/deal/preview-rule', payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } }, `${kind} ${JSON.stringify(rule)}`);
        expect([status, answer.code], `${kind} ${JSON.stringify(rule)}: ${JSON.stringify(answer)}`).toEqual([422, 'invalid_metadata']);
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a prototype name as the field of a default', async () => {
    for (const field of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      const { status, body } = await preview({ kind: 'default', rule: 1, field });
      expect([status, body.code]).toEqual([422, 'invalid_metadata']);
    }
  });

  it('answers 4xx for every wrong type of every property', async () => {
    const wrong = [null, true, 1.5, -1, 'x', '', [], {}, ['formula'], { a: 1 }, 'x'.repeat(5000), '\u0000', '😀'];
    for (const property of ['kind', 'return_type', 'scale', 'field', 'record_id']) {
      for (const value of wrong) {
        const { status } = await preview({ kind: 'formula', return_type: 'number', rule: 1, [property]: value });
        expect(status, `${property}: ${JSON.stringify(value)}`).toBeGreaterThanOrEqual(400);
      }
    }
  });

  it('answers every formula a save would accept, even those that fail on the record: division by zero, overflow, far dates, NUL', async () => {
    const cases: Array<[string, unknown]> = [
      ['number', { '/': [{ var: 'amount' }, 0] }],
      ['number', { '%': [{ var: 'amount' }, 0] }],
      ['number', { '*': [1e308, 1e308] }],
      ['number', { '*': [{ var: 'amount' }, 1e300] }],
      ['date', { date_add: [{ var: 'close_date' }, 1e9, 'day'] }],
      ['date', { date_add: [{ var: 'close_date' }, -1e9, 'year'] }],
      ['text', { cat: [{ var: 'name' }, '\u0000'] }],
      ['text', { cat: ['😀\u202e', { var: 'name' }] }],
      ['text', { substr: [{ var: 'name' }, 1e15] }],
    ];
    for (const [returnType, rule] of cases) {
      for (const kind of ['formula', 'condition', 'default'] as const) {
        await preview({ kind, rule, record_id: big, ...(kind === 'condition' ? {} : { return_type: returnType }) });
      }
    }
  });

  it('refuses a formula too large for PostgreSQL to parse with 422 too_large, not a 500', async () => {
    const cases: Array<[string, unknown]> = [
      ['number', { '+': Array.from({ length: 5000 }, () => 1) }],
      ['number', { '+': Array.from({ length: 5000 }, () => ({ var: 'amount' })) }],
      ['text', { cat: Array.from({ length: 3000 }, () => ({ var: 'name' })) }],
    ];
    for (const [returnType, rule] of cases) {
      const { status, body } = await preview({ kind: 'formula', return_type: returnType, rule, record_id: big });
      // Refused by the rule check (over 64 KB, or more than 256 arguments to one operation), as saving refuses it.
      expect([status, body.code]).toEqual([422, 'invalid_metadata']);
      expect(body.errors).toEqual([expect.objectContaining({ field: expect.stringMatching(/^rule(\.(\+|cat))?$/), code: 'too_large' })]);
    }
  });

  it('refuses a property the kind does not use instead of ignoring it', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ kind: 'formula', return_type: 'text', rule: { var: 'name' }, field: 'name' }, 'field'],
      [{ kind: 'condition', rule: true, field: 'name' }, 'field'],
      [{ kind: 'condition', rule: true, scale: 2 }, 'scale'],
      [{ kind: 'default', rule: 1, return_type: 'number', scale: 2 }, 'scale'],
      [{ kind: 'condition', rule: true, return_type: 'text' }, 'return_type'],
      [{ kind: 'default', rule: 1, return_type: 'text', field: 'amount' }, 'return_type'],
    ];
    for (const [body, field] of cases) {
      const { status, body: problem } = await preview({ ...body, record_id: big });
      expect([status, problem.code], JSON.stringify(body)).toEqual([422, 'invalid_metadata']);
      expect((problem.errors as Array<{ field: string }>).map((e) => e.field), JSON.stringify(body)).toContain(field);
    }
  });

  it('answers any JSON as a rule with a 2xx or a 4xx problem (fast-check)', async () => {
    const path = fc.constantFrom('name', 'amount', 'close_date', 'customer', 'customer.name', 'customer.industry', 'secret', '__proto__', 'constructor', 'customer.__proto__', '', 'nope', 'id', 'owner_id');
    const op = fc.constantFrom('==', '!=', '>', '<', '+', '-', '*', '/', '%', 'and', 'or', '!', 'if', 'cat', 'in', 'var', 'min', 'max', 'substr', 'date_add', 'today', 'now', 'missing', '__proto__', 'constructor', 'toString', 'round', 'abs', 'lower', 'upper');
    const leaf = fc.oneof(fc.constant(null), fc.boolean(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.string({ unit: 'grapheme', maxLength: 8 }), path.map((p) => ({ var: p })));
    const rule = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('op'), fc.array(tie('node'), { maxLength: 3 })),
      op: fc.tuple(op, fc.array(tie('node'), { maxLength: 3 })).map(([name, args]) => JSON.parse(`{${JSON.stringify(name)}: ${JSON.stringify(args)}}`) as unknown),
    })).node;
    const kind = fc.constantFrom('formula', 'condition', 'default');
    const returnType = fc.constantFrom('number', 'text', 'boolean', 'date', 'datetime');
    await fc.assert(
      fc.asyncProperty(rule, kind, returnType, async (r, k, rt) => {
        const res = await t.request({ method: 'POST', url: '/api/meta/objects/deal/preview-rule', payload: JSON.stringify({ kind: k, rule: r, return_type: rt, record_id: big }), headers: { 'content-type': 'application/json' } });
        expect(res.statusCode, `${k} ${rt} ${JSON.stringify(r)} → ${res.body.slice(0, 300)}`).toBeLessThan(500);
      }),
      { numRuns: 300, seed: 20_260_301 },
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 120_000);
});

describe('GET /api/users, hostile searches', () => {
  const find = async (query: string) => {
    const { status, body } = await answered({ method: 'GET', url: `/api/users${query}`, token: rep.token }, query);
    return { status, body: body as { items?: Array<{ name: string; active: boolean }>; code?: string; errors?: Array<{ field: string }> } };
  };
  const e = encodeURIComponent;

  it('takes LIKE wildcards, the escape character, quotes and unicode as plain text', async () => {
    const odd = ['\\', '\\%', '%', '%%', '_', '_%', "'", "' or 1=1 --", '"', ')', '[', '*', '.*', '$1', '😀', '\u202e', 'İ', 'ß', 'Ｚ', '\u007f'];
    for (const q of odd) {
      const { status, body } = await find(`?q=${e(q)}`);
      expect(status, q).toBe(200);
      expect(body.items, q).toEqual([]);
    }
    // Only spaces (any kind): everyone, as without q.
    const everyone = (await find('')).body.items;
    for (const q of [' ', '\u00a0', '\u3000', '\u2028']) expect((await find(`?q=${e(q)}`)).body.items, JSON.stringify(q)).toEqual(everyone);
  });

  it('finds accented and non-Latin names whatever the case of the search', async () => {
    for (const [email, name] of [['emile@abuse.test', 'Émile Öztürk'], ['anna@abuse.test', 'ÅSA Ørsted'], ['ivan@abuse.test', 'Иван Петров']]) {
      expect((await t.request({ method: 'POST', url: '/api/admin/users', payload: { email, name, password: 'a long password 1' } })).statusCode).toBe(201);
    }
    for (const [q, name] of [['émile', 'Émile Öztürk'], ['ÉMILE', 'Émile Öztürk'], ['öz', 'Émile Öztürk'], ['ÖZ', 'Émile Öztürk'], ['åsa', 'ÅSA Ørsted'], ['ør', 'ÅSA Ørsted'], ['иван', 'Иван Петров'], ['ПЕТ', 'Иван Петров']] as Array<[string, string]>) {
      expect((await find(`?q=${e(q)}`)).body.items?.map((u) => u.name), q).toEqual([name]);
    }
  });

  it('refuses control characters and more than 100 characters, counting characters not UTF-16 units', async () => {
    for (const q of ['\u0000', '\u0001', 'a\nb', '\t', '\u001f']) {
      const { status, body } = await find(`?q=${e(q)}`);
      expect([status, body.code], JSON.stringify(q)).toEqual([400, 'invalid_parameter']);
    }
    expect((await find(`?q=${e('😀'.repeat(100))}`)).status).toBe(200);
    expect((await find(`?q=${e('a'.repeat(100_000))}`)).status).toBe(400);
    expect((await find(`?q=a&q=b`)).status).toBe(400);
  });

  it('bounds limit and id', async () => {
    for (const limit of ['-1', '1.5', '1e3', '', ' ', 'NaN', '9999999999999999999']) expect((await find(`?limit=${e(limit)}`)).status, limit).toBe(400);
    const ids = Array.from({ length: 51 }, (_, i) => `id=00000000-0000-4000-8000-${String(i).padStart(12, '0')}`).join('&');
    expect((await find(`?${ids}`)).status).toBe(400);
    for (const id of ['', ' ', "' or 1=1", '00000000-0000-4000-8000-00000000000g', `{${'00000000-0000-4000-8000-000000000000'}}`]) expect((await find(`?id=${e(id)}`)).status, id).toBe(400);
  });

  it('names every user asked for by id, however many up to 50, whatever the default limit', async () => {
    const created: string[] = [];
    for (let i = 0; i < 25; i++) {
      const res = await t.request({ method: 'POST', url: '/api/admin/users', payload: { email: `many${i}@abuse.test`, name: `Many ${String(i).padStart(2, '0')}`, password: 'a long password 1' } });
      expect(res.statusCode, res.body).toBe(201);
      created.push((res.json() as { id: string }).id);
    }
    const { status, body } = await find(`?${created.map((id) => `id=${id.toUpperCase()}`).join('&')}`);
    expect(status).toBe(200);
    expect(body.items?.map((u) => u.name)).toEqual(created.map((_, i) => `Many ${String(i).padStart(2, '0')}`));
  });
});

describe('POST /api/forms/:object/preview, hostile layouts', () => {
  const previewLayout = (layout: unknown, query = '') => answered({ method: 'POST', url: `/api/forms/deal/preview${query}`, payload: JSON.stringify({ layout }), headers: { 'content-type': 'application/json' } }, JSON.stringify(layout).slice(0, 200));

  it('refuses wrong types, prototype keys and unknown fields with 4xx, and saves nothing', async () => {
    const before = await snapshotTenant(t);
    const layouts: unknown[] = [
      null,
      [],
      'x',
      1,
      { api_name: 'q', sections: 'x' },
      { api_name: 'q', sections: [null] },
      { api_name: 'q', sections: [{ fields: [{ field: '__proto__' }] }] },
      { api_name: 'q', sections: [{ fields: [{ field: 'constructor' }] }] },
      { api_name: 'q', sections: [{ fields: [{ field: 'toString' }] }] },
      JSON.parse('{"api_name": "q", "__proto__": {"roles": ["x"]}, "sections": [{"fields": [{"field": "name"}]}]}'),
      { api_name: 'q', constructor: { prototype: { polluted: 1 } }, sections: [{ fields: [{ field: 'name' }] }] },
      { api_name: 'q', label: JSON.parse('{"__proto__": "x"}'), sections: [{ fields: [{ field: 'name' }] }] },
      { api_name: 'q', sections: [{ fields: [{ field: 'name', visible_if: { '==': [{ var: '__proto__' }, 1] } }] }] },
      { api_name: 'q', sections: [{ fields: [{ field: 'name', required_if: { constructor: [1] } }] }] },
      { api_name: 'q', sections: [{ fields: [{ field: 'name', visible_if: { '==': [{ var: 'customer.industry' }, 'x'] } }] }] },
      { api_name: '😀', sections: [{ fields: [{ field: 'name' }] }] },
      { api_name: 'q', sections: Array.from({ length: 5000 }, () => ({ fields: [{ field: 'name' }] })) },
      { api_name: 'q', sections: [{ columns: 1e9, fields: [{ field: 'name' }] }] },
      { api_name: 'q', sections: [{ fields: Array.from({ length: 5000 }, () => ({ field: 'name' })) }] },
    ];
    for (const layout of layouts) {
      const { status } = await previewLayout(layout);
      expect(status, JSON.stringify(layout).slice(0, 200)).toBeGreaterThanOrEqual(400);
    }
    expect(await snapshotTenant(t)).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('accepts unicode labels and refuses unknown query parameters', async () => {
    const ok = await previewLayout({ api_name: 'q', label: { en: '😀\u202e', 'zh-CN': '快速' }, sections: [{ label: { en: 'İß' }, fields: [{ field: 'name' }] }] }, '?locale=zh-CN');
    expect(ok.status).toBe(200);
    for (const query of ['?mode=delete', '?locale=xx', '?layout=q', '?x=1']) {
      const { status, body } = await previewLayout({ api_name: 'q', sections: [{ fields: [{ field: 'name' }] }] }, query);
      expect([status, body.code], query).toEqual([400, 'invalid_parameter']);
    }
  });
});

describe('PUT /api/meta/diagram, hostile positions', () => {
  const put = (payload: string) => answered({ method: 'PUT', url: '/api/meta/diagram', payload, headers: { 'content-type': 'application/json' } }, payload.slice(0, 200));

  it('refuses prototype keys, odd names and odd numbers with 422 naming the place, and keeps what was saved', async () => {
    expect((await put(JSON.stringify({ positions: { deal: { x: 1, y: 2 } } }))).status).toBe(200);
    const bodies = [
      '{"positions": {"__proto__": {"x": 1, "y": 1}}}',
      '{"positions": {"constructor": {"x": 1, "y": 1}}}',
      '{"positions": {"toString": {"x": 1, "y": 1}}}',
      '{"positions": {"deal": {"x": 1, "y": 1, "__proto__": {"x": 2}}}}',
      '{"positions": {"deal": {"__proto__": {"x": 1, "y": 1}}}}',
      '{"positions": {"deal": {"x": null, "y": 1}}}',
      '{"positions": {"deal": {"x": true, "y": 1}}}',
      '{"positions": {"deal": {"x": [1], "y": 1}}}',
      '{"positions": {"deal": {"x": {"valueOf": 1}, "y": 1}}}',
      '{"positions": {"deal": {"x": -1e400, "y": 1}}}',
      '{"positions": {"deal": null}}',
      '{"positions": {"deal": "1,2"}}',
      '{"positions": null}',
      '{"positions": "deal"}',
      `{"positions": {${JSON.stringify('d'.repeat(100_000))}: {"x": 1, "y": 1}}}`,
      '{"positions": {"😀": {"x": 1, "y": 1}}}',
      JSON.stringify({ positions: { 'deal\u0000': { x: 1, y: 1 } } }),
      '{"positions": {"": {"x": 1, "y": 1}}}',
    ];
    for (const body of bodies) {
      const { status, body: problem } = await put(body);
      expect([status, problem.code], body.slice(0, 200)).toEqual([422, 'invalid_metadata']);
      expect((problem.errors as Array<{ field: string }>).length, body.slice(0, 200)).toBeGreaterThan(0);
    }
    expect(((await answered({ method: 'GET', url: '/api/meta/diagram' }, 'GET')).body as { positions: unknown }).positions).toEqual({ deal: { x: 1, y: 2 } });
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('names a body that is not an object as the body', async () => {
    const { body } = await put('[1, 2]');
    expect((body.errors as Array<{ field: string }>).map((e) => e.field)).toEqual(['body']);
  });

  it('keeps concurrent saves consistent: the positions are one save’s, never a mix, and no save fails', async () => {
    const saves = Array.from({ length: 12 }, (_, i) => ({ positions: i % 2 === 0 ? { deal: { x: i, y: i } } : { account: { x: i, y: i }, deal: { x: -i, y: -i } } }));
    const answers = await Promise.all(saves.map((body) => t.request({ method: 'PUT', url: '/api/meta/diagram', payload: body })));
    for (const res of answers) expect(res.statusCode, res.body).toBe(200);
    const saved = ((await answered({ method: 'GET', url: '/api/meta/diagram' }, 'GET')).body as { positions: unknown }).positions;
    expect(saves.map((s) => s.positions)).toContainEqual(saved);
  });
});

describe('the OpenAPI document', () => {
  it('lists the new routes, with the rule preview’s body described', async () => {
    const doc = (await answered({ method: 'GET', url: '/api/openapi.json' }, 'openapi')).body as { paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> } }>> };
    expect(Object.keys(doc.paths['/api/users'] ?? {})).toContain('get');
    expect(Object.keys(doc.paths['/api/meta/diagram'] ?? {}).sort()).toEqual(expect.arrayContaining(['get', 'put']));
    expect(Object.keys(doc.paths['/api/forms/{object}/preview'] ?? {})).toContain('post');
    const preview = doc.paths['/api/meta/objects/{object}/preview-rule']?.post;
    expect(Object.keys(preview?.requestBody?.content?.['application/json']?.schema?.properties ?? {}).sort()).toEqual(['field', 'kind', 'record_id', 'return_type', 'rule', 'scale']);
  });
});
