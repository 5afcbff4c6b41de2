import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qualify } from '../../engine/src/db/index.ts';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { createObject, createRecord, problemOf, type ApiRecord } from '../support/record-helpers.ts';
import { auditOf, expectStatus, logIn } from '../access/helpers.ts';

/** CSV export: GET/POST /api/records/:object/export — the list's rows for the actor, as a spreadsheet opens them. */

let t: TestEngine;
type Key = 'ann' | 'bob' | 'carol' | 'li';
const users = {} as Record<Key, { id: string; token: string }>;
let acme: ApiRecord;
let adminId: string;

const stage = { api_name: 'stage', type: 'picklist', label: { en: 'Stage', 'zh-CN': '阶段' }, values: [{ value: 'open', label: { en: 'Open', 'zh-CN': '进行中' } }, { value: 'won', label: { en: 'Won', 'zh-CN': '赢单' } }] };
const tags = { api_name: 'tags', type: 'multi_picklist', label: { en: 'Tags', 'zh-CN': '标签' }, values: [{ value: 'vip', label: { en: 'VIP', 'zh-CN': '重要' } }, { value: 'new', label: { en: 'New', 'zh-CN': '新' } }] };
const dealFields = [
  stage,
  tags,
  { api_name: 'amount', type: 'currency', label: { en: 'Amount', 'zh-CN': '金额' }, currencies: ['CNY', 'USD'], default_currency: 'CNY' },
  { api_name: 'close_on', type: 'date', label: { en: 'Close on', 'zh-CN': '预计成交' } },
  { api_name: 'customer', type: 'lookup', target: 'customer', label: { en: 'Customer', 'zh-CN': '客户' } },
  { api_name: 'reviewer', type: 'user', label: { en: 'Reviewer', 'zh-CN': '审核人' } },
  { api_name: 'margin', type: 'integer', label: { en: 'Margin', 'zh-CN': '毛利' } },
  { api_name: 'note', type: 'text', label: { en: 'Note', 'zh-CN': '备注' } },
];
const openDeals = { api_name: 'open_deals', label: { en: 'Open deals' }, columns: ['name', 'margin', 'amount'], sort: '-amount', filter: { '==': [{ var: 'stage' }, 'open'] } };

/** RFC 4180, written again here: quoted cells, doubled quotes, CRLF rows. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i += 1;
    } else if (quoted && c === '"') {
      quoted = false;
    } else if (quoted) {
      cell += c;
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 1;
    } else {
      cell += c;
    }
  }
  if (cell !== '' || row.length) throw new Error(`the CSV does not end with CRLF: ${JSON.stringify(text.slice(-40))}`);
  return rows;
}

/** A 200 CSV answer: checked headers and BOM, then its rows (header first). */
function csvOf(res: LightMyRequestResponse): string[][] {
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
  expect([...res.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return parseCsv(res.rawPayload.subarray(3).toString('utf8'));
}

const exportAs = (key: Key | 'admin', query = '') => t.request({ method: 'GET', url: `/api/records/deal/export${query}`, ...(key === 'admin' ? {} : { token: users[key].token }) });

beforeAll(async () => {
  t = await startTestEngine();
  adminId = (expectStatus(await t.request({ method: 'GET', url: '/api/auth/me' }), 200).json() as { id: string }).id;
  await createObject(t, { api_name: 'customer', label: { en: 'Customer', 'zh-CN': '客户' }, fields: [{ api_name: 'city', type: 'text' }] });
  await createObject(t, { api_name: 'deal', label: { en: 'Deal', 'zh-CN': '商机' }, fields: dealFields, list_views: [openDeals] });
  expectStatus(await t.request({ method: 'POST', url: '/api/admin/roles', payload: { api_name: 'rep', object_rights: { deal: { create: true, edit: true }, customer: { read: true } }, data_scopes: { deal: 'self', customer: 'all' }, field_rights: { deal: { margin: 'none' } } } }), 201);
  for (const [key, locale, roles] of [['ann', 'en', ['rep']], ['bob', 'en', ['rep']], ['carol', 'en', []], ['li', 'zh-CN', ['rep']]] as const) {
    const user = expectStatus(await t.request({ method: 'POST', url: '/api/admin/users', payload: { email: `${key}@export.test`, name: key === 'li' ? '李雷' : key, password: `${key} password 1`, roles, locale } }), 201).json() as { id: string };
    users[key] = { id: user.id, token: (await logIn(t, `${key}@export.test`, `${key} password 1`)).token };
  }
  acme = await createRecord(t, 'customer', { name: '北京星辰科技有限公司', city: 'Beijing' });
  await createRecord(t, 'deal', { name: 'Apollo', stage: 'open', tags: ['vip', 'new'], amount: { amount: 1234.5, currency: 'USD' }, close_on: '2026-12-31', customer: acme.id, reviewer: users.bob.id, margin: 42, note: 'plain', owner_id: users.ann.id });
  await createRecord(t, 'deal', { name: '北京大单', stage: 'won', amount: { amount: -5 }, margin: 7, note: '含有,逗号和"引号"', owner_id: users.li.id });
  await createRecord(t, 'deal', { name: 'Bob deal', stage: 'open', amount: { amount: 10 }, margin: 1, note: 'line one\nline two', owner_id: users.bob.id });
});
afterAll(() => t.close());

describe('CSV export', () => {
  it('answers a spreadsheet: labels in the header, picklist labels, names for lookups and users, "amount currency", ISO dates', async () => {
    const res = await exportAs('admin', '?sort=name');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="deal-${new Date().toISOString().slice(0, 10)}.csv"`);
    const rows = csvOf(res);
    expect(rows[0]).toEqual(['ID', 'Name', 'Stage', 'Tags', 'Amount', 'Close on', 'Customer', 'Reviewer', 'Margin', 'Note', 'Owner', 'Created at', 'Updated at']);
    expect(rows).toHaveLength(4);
    const apollo = rows.find((r) => r[1] === 'Apollo') as string[];
    expect(apollo.slice(1, 11)).toEqual(['Apollo', 'Open', 'VIP; New', '1234.5 USD', '2026-12-31', '北京星辰科技有限公司', 'bob', '42', 'plain', 'ann']);
    expect(apollo[11]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const other = rows.find((r) => r[1] === '北京大单') as string[];
    expect(other.slice(1, 11)).toEqual(['北京大单', 'Won', '', '-5 CNY', '', '', '', '7', '含有,逗号和"引号"', '李雷']);
    expect(rows.find((r) => r[1] === 'Bob deal')?.[9]).toBe('line one\nline two');
    // The list's sort: by name.
    expect(rows.slice(1).map((r) => r[1])).toEqual(['Apollo', 'Bob deal', '北京大单']);
  });

  it('writes API names in the header with header=api, and only the fields asked for', async () => {
    const rows = csvOf(await exportAs('admin', '?header=api&fields=name,stage,owner_id&sort=-name'));
    expect(rows).toEqual([
      ['name', 'stage', 'owner_id'],
      ['北京大单', 'Won', '李雷'],
      ['Bob deal', 'Open', 'bob'],
      ['Apollo', 'Open', 'ann'],
    ]);
  });

  it('applies the full-text search q as the list does, in the rows and in the count', async () => {
    expect(csvOf(await exportAs('admin', `?q=${encodeURIComponent('北京')}&fields=name&header=api`))).toEqual([['name'], ['北京大单']]);
    const [entry] = await auditOf(t, ['records_exported']);
    expect(entry).toMatchObject({ detail: { object: 'deal', rows: 1, q: '北京' } });
  });

  it('speaks the user’s language: Chinese labels, Chinese values, a BOM so Excel reads UTF-8', async () => {
    const rows = csvOf(await exportAs('li', '?fields=name,stage,amount,customer'));
    expect(rows).toEqual([
      ['名称', '阶段', '金额', '客户'],
      ['北京大单', '赢单', '-5 CNY', ''],
    ]);
  });

  it('guards against CSV injection: typed text that a spreadsheet would run as a formula starts with \'', async () => {
    const dangerous = ['=HYPERLINK("http://evil.test","x")', '+1+2', '-3+4', '@SUM(A1)', '\tTAB', '\rCR'];
    for (const note of dangerous) await createRecord(t, 'deal', { name: `inj ${dangerous.indexOf(note)}`, note, amount: { amount: -7 }, owner_id: users.carol.id });
    const filter = encodeURIComponent(JSON.stringify({ starts_with: [{ var: 'name' }, 'inj '] }));
    const rows = csvOf(await exportAs('admin', `?fields=name,note,amount&sort=name&filter=${filter}`));
    expect(rows.slice(1).map((r) => r[1])).toEqual(dangerous.map((d) => `'${d}`));
    // Numbers the engine prints stay numbers.
    expect(rows.slice(1).map((r) => r[2])).toEqual(dangerous.map(() => '-7 CNY'));
    await t.engine.knex.raw(`delete from ${qualify(t.tenant.schema, 'deal')} where name like 'inj %'`);
  });

  it('gives a rep only the records they may read and never a field hidden from them', async () => {
    const rows = csvOf(await exportAs('ann'));
    expect(rows[0]).not.toContain('Margin');
    expect(rows.slice(1).map((r) => r[1])).toEqual(['Apollo']);
    // The hidden margin (42) is no cell; the other records are nowhere (a timestamp may hold "42", so cells are compared whole).
    expect(rows.flat()).not.toContain('42');
    expect(rows.flat().join('|')).not.toMatch(/Bob deal|北京大单/);
    // A view showing the hidden column: the column is left out, the view's filter and sort apply.
    const viewed = csvOf(await exportAs('bob', '?view=open_deals'));
    expect(viewed).toEqual([
      ['Name', 'Amount'],
      ['Bob deal', '10 CNY'],
    ]);
    for (const query of ['?fields=name,margin', `?filter=${encodeURIComponent(JSON.stringify({ '>': [{ var: 'margin' }, 1] }))}`, '?sort=margin']) {
      const problem = problemOf(await exportAs('ann', query));
      expect([problem.status, problem.code], query).toEqual([403, 'forbidden']);
      expect(problem.detail).toContain('margin');
    }
  });

  it('refuses a user without the read right (403) and bad input (400) as problem+json, before any CSV byte, and logs nothing', async () => {
    const before = (await auditOf(t, ['records_exported'])).length;
    expect(problemOf(await exportAs('carol'))).toMatchObject({ status: 403, code: 'forbidden' });
    for (const [query, code] of [
      ['?filter=%7Bnot-json', 'invalid_filter'],
      [`?filter=${encodeURIComponent(JSON.stringify({ '==': [{ var: 'nope' }, 1] }))}`, 'invalid_filter'],
      ['?sort=nope', 'invalid_sort'],
      ['?fields=nope', 'invalid_parameter'],
      ['?header=xml', 'invalid_parameter'],
      ['?limit=5', 'invalid_parameter'],
      ['?view=nope', 'view_not_found'],
    ] as const) {
      const res = await exportAs('admin', query);
      expect(problemOf(res).code, query).toBe(code);
      expect(res.headers['content-disposition']).toBeUndefined();
    }
    expect(problemOf(await t.request({ method: 'GET', url: '/api/records/nope/export' })).code).toBe('object_not_found');
    // A HEAD would run the export without anyone receiving it: there is none.
    expect((await t.request({ method: 'HEAD', url: '/api/records/deal/export' })).statusCode).toBe(404);
    expect(await auditOf(t, ['records_exported'])).toHaveLength(before);
  });

  it('takes the query as a JSON body on POST', async () => {
    const res = await t.request({ method: 'POST', url: '/api/records/deal/export', payload: { filter: { '==': [{ var: 'stage' }, 'open'] }, sort: ['-name'], fields: ['name', 'tags'], header: 'api' } });
    expect(csvOf(res)).toEqual([
      ['name', 'tags'],
      ['Bob deal', ''],
      ['Apollo', 'VIP; New'],
    ]);
    expect(problemOf(await t.request({ method: 'POST', url: '/api/records/deal/export', payload: { cursor: 'x' } })).code).toBe('invalid_parameter');
  });

  it('writes every export to the security audit log: who, which object, how many rows, which filter', async () => {
    const filter = { '==': [{ var: 'stage' }, 'open'] };
    csvOf(await exportAs('bob', `?filter=${encodeURIComponent(JSON.stringify(filter))}`));
    const [entry] = await auditOf(t, ['records_exported']);
    expect(entry).toMatchObject({ kind: 'records_exported', actor_id: users.bob.id, detail: { object: 'deal', rows: 1, filter } });
  });

  it('reads page by page with the cursor (every row once, in order) and refuses more than 100,000 rows before starting', async () => {
    await createObject(t, { api_name: 'bulk', label: { en: 'Bulk' }, fields: [{ api_name: 'n', type: 'integer' }] });
    const insert = (from: number, to: number) =>
      t.engine.knex.raw(`insert into ${qualify(t.tenant.schema, 'bulk')} (id, name, n, owner_id) select gen_random_uuid(), 'row ' || lpad(g::text, 6, '0'), g, ? from generate_series(?::int, ?::int) g`, [adminId, from, to]);
    await insert(1, 1201);
    const rows = csvOf(await t.request({ method: 'GET', url: '/api/records/bulk/export?fields=n&sort=-n&header=api' }));
    expect(rows.length).toBe(1202);
    expect(rows.slice(1).map((r) => Number(r[0]))).toEqual(Array.from({ length: 1201 }, (_v, i) => 1201 - i));

    await insert(1202, 100_001);
    const before = (await auditOf(t, ['records_exported'])).length;
    const refused = await t.request({ method: 'GET', url: '/api/records/bulk/export' });
    expect(problemOf(refused)).toMatchObject({ status: 400, code: 'export_too_large' });
    expect(await auditOf(t, ['records_exported'])).toHaveLength(before);
    // Narrowed by a filter, the same object exports.
    const narrowed = csvOf(await t.request({ method: 'GET', url: `/api/records/bulk/export?fields=n&filter=${encodeURIComponent(JSON.stringify({ '<=': [{ var: 'n' }, 3] }))}` }));
    expect(narrowed.length).toBe(4);
  }, 120_000);
});
