import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { createObject, createRecord, listAllPages, listPage, listUrl, problemOf, type ApiRecord, type RecordPage } from '../support/record-helpers.ts';
import { adminCreateUser, logIn } from '../access/helpers.ts';
import { seedQueryWorld, type QueryWorld } from '../query/world.ts';

let t: TestEngine;
let records: ApiRecord[];

const stages = ['new', 'won', 'lost'];

beforeAll(async () => {
  t = await startTestEngine();
  await createObject(t, {
    api_name: 'deal',
    label: { en: 'Deal' },
    fields: [
      { api_name: 'amount', type: 'decimal', precision: 12, scale: 2 },
      { api_name: 'stage', type: 'picklist', values: stages.map((value) => ({ value, label: { en: value } })) },
      { api_name: 'region', type: 'text' },
      { api_name: 'closed', type: 'boolean' },
      { api_name: 'extra', type: 'json' },
    ],
  });
  records = [];
  for (let i = 0; i < 24; i += 1) {
    records.push(
      await createRecord(t, 'deal', {
        name: `Deal ${i}`,
        amount: i % 5 === 0 ? null : (i % 4) * 100 + 0.5,
        stage: i % 7 === 0 ? null : stages[i % 3],
        region: i % 4 === 0 ? null : ['north', 'south', 'east'][Math.floor(i / 3) % 3],
        closed: i % 2 === 0,
      }),
    );
  }
});
afterAll(() => t.close());

const idsWhere = (keep: (r: ApiRecord) => boolean) => records.filter(keep).map((r) => r.id).sort();
const sortedIds = (items: ApiRecord[]) => items.map((r) => r.id).sort();
const filtered = async (filter: unknown) => sortedIds(await listAllPages(t, 'deal', { filter, limit: 500 }));
const v = (name: string) => ({ var: name });

describe('list filters', () => {
  it('filters on equality with a URL-encoded JSON-logic filter', async () => {
    const url = `/api/records/deal?filter=${encodeURIComponent('{"==":[{"var":"stage"},"won"]}')}&limit=500`;
    const res = await t.request({ method: 'GET', url });
    expect(res.statusCode).toBe(200);
    const expected = idsWhere((r) => r.stage === 'won');
    expect(expected.length).toBeGreaterThan(3);
    expect(sortedIds((res.json() as RecordPage).items)).toEqual(expected);
  });

  it('combines conditions with and', async () => {
    const expected = idsWhere((r) => r.stage === 'won' && r.region === 'north' && r.closed === true);
    expect(expected.length).toBeGreaterThan(0);
    expect(await filtered({ and: [{ '==': [v('stage'), 'won'] }, { '==': [v('region'), 'north'] }, { '==': [v('closed'), true] }] })).toEqual(expected);
  });

  it('!= keeps records whose value is empty, as JSON-logic compares null with the value', async () => {
    const expected = idsWhere((r) => r.stage !== 'won');
    expect(expected.some((id) => records.find((r) => r.id === id)?.stage === null)).toBe(true);
    expect(await filtered({ '!=': [v('stage'), 'won'] })).toEqual(expected);
  });

  it('matches empty values with == null and non-empty ones with != null', async () => {
    expect(await filtered({ '==': [v('region'), null] })).toEqual(idsWhere((r) => r.region === null));
    expect(await filtered({ '!=': [v('region'), null] })).toEqual(idsWhere((r) => r.region !== null));
    expect(await filtered({ '==': [v('amount'), null] })).toEqual(idsWhere((r) => r.amount === null));
  });

  it('compares numbers, booleans and ids by value', async () => {
    expect(await filtered({ '==': [v('amount'), 100.5] })).toEqual(idsWhere((r) => r.amount === 100.5));
    expect(await filtered({ '==': [v('closed'), false] })).toEqual(idsWhere((r) => r.closed === false));
    const one = records[3] as ApiRecord;
    expect(await filtered({ '==': [v('id'), one.id] })).toEqual([one.id]);
  });

  it('pages through a filtered and sorted list without losing rows', async () => {
    const filter = { '!=': [v('region'), 'south'] };
    const whole = (await listPage(t, 'deal', { filter, sort: '-amount,region', limit: 500 })).items.map((r) => r.id);
    const paged = (await listAllPages(t, 'deal', { filter, sort: '-amount,region', limit: 4 })).map((r) => r.id);
    expect(paged).toEqual(whole);
    expect(sortedIds(await listAllPages(t, 'deal', { filter, limit: 3 }))).toEqual(idsWhere((r) => r.region !== 'south'));
  });

  it('does not match binned records', async () => {
    const victim = await createRecord(t, 'deal', { name: 'Binned', region: 'west' });
    expect(await filtered({ '==': [v('region'), 'west'] })).toEqual([victim.id]);
    expect((await t.request({ method: 'DELETE', url: `/api/records/deal/${victim.id}` })).statusCode).toBe(204);
    expect(await filtered({ '==': [v('region'), 'west'] })).toEqual([]);
  });

  it('matches nothing for a value no record can hold (not in the picklist, not an id)', async () => {
    expect(await filtered({ '==': [v('stage'), 'maybe'] })).toEqual([]);
    expect(await filtered({ '==': [v('id'), 'not-a-uuid'] })).toEqual([]);
  });

  it('reads the same with the value on the left', async () => {
    expect(await filtered({ '==': ['won', v('stage')] })).toEqual(idsWhere((r) => r.stage === 'won'));
  });

  const badFilters: Array<[string, unknown, string]> = [
    ['an unknown field', { '==': [v('nope'), 1] }, '==.0.var'],
    ['an unknown field inside and', { and: [{ '==': [v('stage'), 'won'] }, { '==': [v('secret'), 'x'] }] }, 'and.1.==.0.var'],
    ['an operator outside the allowlist', { log: [v('stage')] }, 'log'],
    ['a method call', { method: [v('region'), 'toUpperCase'] }, 'method'],
    ['a text for a number', { '==': [v('amount'), 'lots'] }, '=='],
    ['a number for a picklist', { '==': [v('stage'), 5] }, '=='],
    ['a string for a boolean', { '==': [v('closed'), 'yes'] }, '=='],
    ['an object as value', { '==': [v('region'), { x: 1 }] }, '==.1.x'],
    ['one argument', { '==': [v('stage')] }, '=='],
    ['two operators in one object', { '==': [v('stage'), 'won'], '!=': [v('region'), null] }, ''],
    ['an array', [{ '==': [v('stage'), 'won'] }], 'filter'],
    ['a bare value', 'won', 'filter'],
    ['an empty and', { and: [] }, 'and'],
    ['a prototype path', { '==': [v('constructor.name'), 'Object'] }, '==.0.var'],
    ['__proto__', { '==': [v('__proto__'), null] }, '==.0.var'],
  ];

  it.each(badFilters)('refuses %s with 400 invalid_filter, naming the place in the rule', async (_what, filter, place) => {
    const problem = problemOf(await t.request({ method: 'GET', url: listUrl('deal', { filter }) }));
    expect([problem.status, problem.code]).toEqual([400, 'invalid_filter']);
    expect(problem.errors?.length).toBeGreaterThan(0);
    if (place) expect(problem.errors?.map((e) => e.field)).toContain(place);
  });

  it('names the unknown field in the message of the error at its place', async () => {
    const problem = problemOf(await t.request({ method: 'GET', url: listUrl('deal', { filter: { '==': [v('nope'), 1] } }) }));
    expect(problem.errors).toEqual([expect.objectContaining({ field: '==.0.var', message: expect.stringContaining('"nope"') as unknown })]);
    expect(problem.detail).toContain('nope');
  });

  it('refuses a filter that is not JSON with 400 invalid_filter', async () => {
    const problem = problemOf(await t.request({ method: 'GET', url: `/api/records/deal?filter=${encodeURIComponent('{"==": [')}` }));
    expect([problem.status, problem.code]).toEqual([400, 'invalid_filter']);
  });
});

describe('POST /api/records/:object/query', () => {
  const query = (payload: Record<string, unknown>) => t.request({ method: 'POST', url: '/api/records/deal/query', payload });

  it('answers the same page as GET for the same filter, sort, limit and fields', async () => {
    const filter = { and: [{ '!=': [v('stage'), 'lost'] }, { '!=': [v('amount'), null] }] };
    const params = { filter, sort: '-amount,name', limit: 5, fields: ['name', 'amount'] };
    const viaGet = await listPage(t, 'deal', params);
    const res = await query(params);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(viaGet);
    expect(viaGet.next_cursor).not.toBeNull();
  });

  it('takes sort and fields as arrays, and continues from a cursor like GET', async () => {
    const filter = { '==': [v('closed'), true] };
    const first = (await query({ filter, sort: ['region', '-amount'], limit: 4, fields: ['region'] })).json() as RecordPage;
    const second = (await query({ filter, sort: 'region,-amount', limit: 4, fields: 'region', cursor: first.next_cursor })).json() as RecordPage;
    const viaGet = await listPage(t, 'deal', { filter, sort: 'region,-amount', limit: 4, fields: ['region'], cursor: first.next_cursor ?? undefined });
    expect(second).toEqual(viaGet);
    expect(second.items.map((r) => r.id)).not.toContain(first.items[0]?.id);
  });

  it('refuses a bad filter, an unknown property and a bad limit with 400', async () => {
    expect(problemOf(await query({ filter: { '==': [v('nope'), 1] } })).code).toBe('invalid_filter');
    expect(problemOf(await query({ where: { stage: 'won' } })).code).toBe('invalid_parameter');
    expect(problemOf(await query({ limit: 'ten' })).code).toBe('invalid_parameter');
    expect(problemOf(await query({ sort: 'rank' })).code).toBe('invalid_sort');
  });
});

describe('the rule language in list filters', () => {
  let world: QueryWorld;
  beforeAll(async () => {
    world = await seedQueryWorld(t);
  }, 60_000);

  const opp = (keep: (r: ApiRecord) => boolean) => world.opportunities.filter(keep).map((r) => r.id).sort();
  const oppFiltered = async (filter: unknown, token?: string) => {
    const res = await t.request({ method: 'POST', url: '/api/records/opportunity/query', payload: { filter, limit: 500 }, token });
    expect(res.statusCode, res.body).toBe(200);
    // Only the world's opportunities: a test below adds its own.
    const ids = new Set(world.opportunities.map((r) => r.id));
    const items = (res.json() as RecordPage).items;
    return sortedIds(items.filter((r) => ids.has(r.id) || String(r.name).endsWith(' today (tz test)')));
  };
  const amount = (r: ApiRecord) => r.amount as number | null;
  const customerOf = (r: ApiRecord) => Object.values(world.accounts).find((a) => a.id === r.customer);
  const todayIn = (timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date());
  const shiftDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

  it('compares with <, >=, and the three-argument between', async () => {
    const lt = opp((r) => amount(r) !== null && (amount(r) as number) < 1000);
    expect(lt.length).toBeGreaterThan(3);
    // JSON-logic: null < 1000 holds (null is 0), so empty amounts match too.
    expect(await oppFiltered({ '<': [v('amount'), 1000] })).toEqual(opp((r) => (amount(r) ?? 0) < 1000));
    expect(await oppFiltered({ '>=': [v('amount'), 1500.25] })).toEqual(opp((r) => (amount(r) ?? 0) >= 1500.25));
    expect(await oppFiltered({ '<=': [500, v('amount'), 1500] })).toEqual(opp((r) => (amount(r) ?? 0) >= 500 && (amount(r) ?? 0) <= 1500));
  });

  it('tests membership with in (a list) and substrings with in (a text)', async () => {
    expect(await oppFiltered({ in: [v('stage'), ['won', 'lost']] })).toEqual(opp((r) => r.stage === 'won' || r.stage === 'lost'));
    const spring = opp((r) => String(r.name).includes('Spring'));
    expect(spring.length).toBeGreaterThan(2);
    expect(await oppFiltered({ in: ['Spring', v('name')] })).toEqual(spring);
  });

  it('combines with or, and and !', async () => {
    const expected = opp((r) => (r.stage === 'won' || (amount(r) ?? 0) > 2000) && !(r.close_date === null));
    expect(expected.length).toBeGreaterThan(2);
    expect(await oppFiltered({ and: [{ or: [{ '==': [v('stage'), 'won'] }, { '>': [v('amount'), 2000] }] }, { '!': { '==': [v('close_date'), null] } }] })).toEqual(expected);
  });

  it('finds text with contains and starts_with, ignoring case, Chinese included', async () => {
    const acme = opp((r) => typeof r.notes === 'string' && r.notes.toLowerCase().includes('acme'));
    expect(acme.length).toBeGreaterThan(4);
    expect(await oppFiltered({ contains: [v('notes'), 'AcMe'] })).toEqual(acme);
    expect(await oppFiltered({ starts_with: [v('name'), 'opportunity 1'] })).toEqual(opp((r) => String(r.name).startsWith('Opportunity 1')));
    const chinese = opp((r) => String(r.name).includes('科技'));
    expect(chinese.length).toBeGreaterThan(2);
    expect(await oppFiltered({ contains: [v('name'), '星辰科技'] })).toEqual(chinese);
  });

  it('compares dates with today and date_add (the administrator’s time zone is UTC)', async () => {
    const today = todayIn('UTC');
    const limit = shiftDays(today, 30);
    const soon = opp((r) => typeof r.close_date === 'string' && r.close_date >= today && r.close_date < limit);
    expect(soon.length).toBeGreaterThan(1);
    expect(await oppFiltered({ and: [{ '>=': [v('close_date'), { today: [] }] }, { '<': [v('close_date'), { date_add: [{ today: [] }, 30, 'day'] }] }] })).toEqual(soon);
    expect(await oppFiltered({ '==': [v('close_date'), { today: [] }] })).toEqual(opp((r) => r.close_date === today));
  });

  it('reads today in the time zone of the user who asks', async () => {
    // Kiritimati (UTC+14) and Pago Pago (UTC-11) are 25 hours apart: their dates always differ.
    const east = todayIn('Pacific/Kiritimati');
    const west = todayIn('Pacific/Pago_Pago');
    expect(east).not.toBe(west);
    const a = await createRecord(t, 'opportunity', { name: 'Kiritimati today (tz test)', close_date: east });
    const b = await createRecord(t, 'opportunity', { name: 'Pago Pago today (tz test)', close_date: west });
    const tokens: string[] = [];
    for (const [zone, key] of [['Pacific/Kiritimati', 'east'], ['Pacific/Pago_Pago', 'west']] as const) {
      const user = await adminCreateUser(t, { email: `${key}@${t.tenant.slug}.test`, name: key, password: `${key} password 1`, roles: ['rep'], time_zone: zone });
      tokens.push((await logIn(t, user.email, `${key} password 1`)).token);
    }
    const todays = { and: [{ '==': [v('close_date'), { today: [] }] }, { in: [v('id'), [a.id, b.id]] }] };
    expect(await oppFiltered(todays, tokens[0])).toEqual([a.id]);
    expect(await oppFiltered(todays, tokens[1])).toEqual([b.id]);
    // An explicit zone in the rule wins over the user's.
    expect(await oppFiltered({ and: [{ '==': [v('close_date'), { today: ['Pacific/Pago_Pago'] }] }, { in: [v('id'), [a.id, b.id]] }] }, tokens[0])).toEqual([b.id]);
  });

  it('follows lookups one and two levels deep (customer.industry, customer.country.code)', async () => {
    const tech = opp((r) => customerOf(r)?.industry === 'Tech');
    expect(tech.length).toBeGreaterThan(4);
    expect(await oppFiltered({ '==': [v('customer.industry'), 'Tech'] })).toEqual(tech);
    const french = opp((r) => [world.accounts.globex.id, world.accounts.initech.id].includes(String(r.customer)));
    expect(await oppFiltered({ '==': [v('customer.country.code'), 'FR'] })).toEqual(french);
    expect(await oppFiltered({ '==': [v('customer.id'), world.accounts.hooli.id] })).toEqual(opp((r) => r.customer === world.accounts.hooli.id));
    // An empty lookup reads as null, at either level.
    const empty = await oppFiltered({ and: [{ '==': [v('customer.country.code'), null] }, { '!': { ends_with: [v('name'), '(tz test)'] } }] });
    expect(empty).toEqual(opp((r) => r.customer === null || r.customer === world.accounts.hooli.id));
  });

  it('refuses lookup paths that go nowhere, naming the place in the rule', async () => {
    for (const [filter, place] of [
      [{ '==': [v('customer.nope'), 1] }, '==.0.var'],
      [{ '==': [v('customer.country.code.x'), 1] }, '==.0.var'],
      [{ '==': [v('notes.industry'), 1] }, '==.0.var'],
      [{ '==': [v('customer.country.name.length'), 1] }, '==.0.var'],
    ] as const) {
      const problem = problemOf(await t.request({ method: 'GET', url: listUrl('opportunity', { filter }) }));
      expect([problem.status, problem.code, problem.errors?.[0]?.field], JSON.stringify(filter)).toEqual([400, 'invalid_filter', place]);
    }
  });
});
