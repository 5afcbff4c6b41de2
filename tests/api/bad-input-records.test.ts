import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinFieldTypes } from '../../engine/src/field-types/index.ts';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { expectRefusedWithoutChange, snapshotTenant } from '../support/snapshot.ts';

let t: TestEngine;
let recordUrl: string;

const values = (...names: string[]) => names.map((value) => ({ value, label: { en: value } }));

/** One field of every built-in type, with the settings their contract samples use. */
const FIELDS = [
  { api_name: 'title', type: 'text', max_length: 40 },
  { api_name: 'notes', type: 'long_text', max_length: 2000 },
  { api_name: 'body_html', type: 'rich_text', max_length: 5000 },
  { api_name: 'email', type: 'email' },
  { api_name: 'phone', type: 'phone' },
  { api_name: 'website', type: 'url' },
  { api_name: 'seats', type: 'integer', min: 0 },
  { api_name: 'amount', type: 'decimal', precision: 12, scale: 2 },
  { api_name: 'budget', type: 'currency', precision: 14, scale: 2, currencies: ['CNY', 'USD'], default_currency: 'CNY' },
  { api_name: 'discount', type: 'percent', min: 0, max: 100 },
  { api_name: 'active', type: 'boolean' },
  { api_name: 'start_date', type: 'date' },
  { api_name: 'met_at', type: 'datetime' },
  { api_name: 'stage', type: 'picklist', values: values('new', 'won') },
  { api_name: 'channels', type: 'multi_picklist', values: values('sms', 'email') },
  { api_name: 'account', type: 'lookup', target: 'account', on_delete: 'set_null' },
  { api_name: 'assignee', type: 'user' },
  { api_name: 'code', type: 'autonumber', pattern: 'HT-{YYYY}-{0000}' },
  { api_name: 'extra', type: 'json' },
  { api_name: 'seats_x2', type: 'formula', return_type: 'number', expression: { '*': [{ var: 'seats' }, 2] } },
  { api_name: 'parent_deal', type: 'lookup', target: 'deal', on_delete: 'set_null' },
  { api_name: 'sub_deals', type: 'rollup', child_object: 'deal', via: 'parent_deal', function: 'count' },
];

beforeAll(async () => {
  t = await startTestEngine();
  for (const payload of [{ api_name: 'account' }, { api_name: 'deal', fields: FIELDS }]) {
    const created = await t.request({ method: 'POST', url: '/api/meta/objects', payload });
    if (created.statusCode !== 201) throw new Error(`object ${payload.api_name}: ${created.body}`);
  }
  const record = await t.request({ method: 'POST', url: '/api/records/deal', payload: { name: 'Existing', seats: 3, stage: 'new' } });
  if (record.statusCode !== 201) throw new Error(`record: ${record.body}`);
  recordUrl = `/api/records/deal/${(record.json() as { id: string }).id}`;
});
afterAll(() => t?.close());

const json = (value: unknown) => JSON.stringify(value);

/** [field, what is wrong, the value as raw JSON text (so 1e400 and 2^53+1 reach the server as sent)]. */
const WRONG: Array<[string, string, string]> = [
  ['title', 'a number for text', '42'],
  ['title', 'an object for text', json({ en: 'x' })],
  ['title', 'text over max_length', json('x'.repeat(41))],
  ['notes', 'a boolean for long text', 'false'],
  ['body_html', 'a list for rich text', json(['<p>'])],
  ['email', 'an address without a domain', json('plainaddress')],
  ['email', 'a blank address', json('')],
  ['phone', 'letters in a phone', json('1-800-FLOWERS')],
  ['phone', 'a number for a phone', '13800138000'],
  ['website', 'a javascript: URL', json('javascript:alert(1)')],
  ['website', 'a URL with credentials', json('https://user:pw@example.com')],
  ['seats', 'a string for an integer', json('42')],
  ['seats', 'a fraction for an integer', '1.5'],
  ['seats', 'a negative number where min is 0', '-1'],
  ['seats', 'an integer beyond 2^53', '9007199254740993'],
  ['seats', 'a twenty-digit integer', '12345678901234567890'],
  ['seats', '1e400 (infinite as a double)', '1e400'],
  ['seats', 'a boolean for an integer', 'true'],
  ['amount', 'NaN as a string', json('NaN')],
  ['amount', 'Infinity as a string', json('Infinity')],
  ['amount', '1e400', '1e400'],
  ['amount', 'more digits than precision', '12345678901234'],
  ['amount', 'a list for a decimal', '[1]'],
  ['budget', 'a bare number for currency', '12'],
  ['budget', 'an amount as a string', json({ amount: '12', currency: 'CNY' })],
  ['budget', 'a currency not offered', json({ amount: 1, currency: 'JPY' })],
  ['budget', 'an extra property', json({ amount: 1, currency: 'CNY', rate: 7 })],
  ['discount', 'a percent sign', json('50%')],
  ['discount', 'more than max', '100.01'],
  ['discount', 'less than min', '-0.01'],
  ['active', 'a string for a boolean', json('true')],
  ['active', 'a number for a boolean', '1'],
  ['start_date', 'an object for a date', json({ year: 2025, month: 2, day: 3 })],
  ['start_date', 'the 30th of February', json('2025-02-30')],
  ['start_date', 'year 0', json('0000-01-01')],
  ['start_date', 'a date-time for a date', json('2026-01-05T00:00:00Z')],
  ['start_date', 'a timestamp number', '20260105'],
  ['met_at', 'a date-time without offset', json('2026-03-01T09:30:00')],
  ['met_at', 'hour 24', json('2026-03-01T24:00:00Z')],
  ['met_at', 'epoch milliseconds', '1767225600000'],
  ['stage', 'a list for a picklist', json(['new'])],
  ['stage', 'a value not in the list', json('lost')],
  ['stage', 'a value in another case', json('NEW')],
  ['channels', 'a string for a multi-picklist', json('sms')],
  ['channels', 'an unknown value', json(['sms', 'fax'])],
  ['channels', 'a value twice', json(['sms', 'sms'])],
  ['account', 'a non-uuid for a lookup', json('not-a-uuid')],
  ['account', 'an object for a lookup', json({ id: '0190f5a4-7c1e-7d2a-9b3c-4d5e6f708192' })],
  ['account', 'a number for a lookup', '42'],
  ['assignee', 'a user name for a user', json('admin')],
  ['code', 'a value for an autonumber (generated)', json('HT-2026-0001')],
  ['seats_x2', 'a value for a formula (computed)', '6'],
  ['sub_deals', 'a value for a roll-up (computed)', '3'],
  ['nope', 'a field the object does not have', '1'],
  ['id', 'an id (system field)', json('0190f5a4-7c1e-7d2a-9b3c-4d5e6f708192')],
  ['version', 'a version (system field)', '7'],
  ['created_at', 'created_at (system field)', json('2020-01-01T00:00:00Z')],
  ['owner_id', 'a non-uuid owner', json('me')],
];

const raw = (pairs: Array<[string, string]>) => ({ headers: { 'content-type': 'application/json' }, payload: `{${pairs.map(([k, v]) => `${json(k)}:${v}`).join(',')}}` });

describe('record values of the wrong type or out of range', () => {
  it('covers every built-in field type', () => {
    const covered = new Set(WRONG.map(([field]) => FIELDS.find((f) => f.api_name === field)?.type));
    // A JSON field accepts any JSON value; its only refusal (nesting depth) is in bad-input-body.
    expect(builtinFieldTypes.map((type) => type.name).filter((name) => !covered.has(name))).toEqual(['json']);
  });

  it.each(WRONG)('refuses %s: %s, on create, naming the field', async (field, _why, value) => {
    await expectRefusedWithoutChange(t, { method: 'POST', url: '/api/records/deal', ...raw([['name', '"New"'], [field, value]]) }, { status: 422, code: 'validation_failed', fields: [field] });
  });

  it.each(WRONG)('refuses %s: %s, on update, naming the field', async (field, _why, value) => {
    await expectRefusedWithoutChange(t, { method: 'PATCH', url: recordUrl, ...raw([['title', '"Changed"'], [field, value]]) }, { status: 422, code: 'validation_failed', fields: [field] });
  });

  it('names every wrong field of one payload, not only the first', async () => {
    const firsts = new Map<string, string>();
    for (const [field, , value] of WRONG) if (!firsts.has(field) && !['id', 'version', 'created_at'].includes(field)) firsts.set(field, value);
    const problem = await expectRefusedWithoutChange(t, { method: 'POST', url: '/api/records/deal', ...raw([['name', '"New"'], ...firsts]) }, { status: 422, code: 'validation_failed', fields: [...firsts.keys()] });
    expect(new Set(problem.errors?.map((e) => e.field))).toEqual(new Set(firsts.keys()));
  });

  it.each([
    ['missing', {}],
    ['null', { name: null }],
    ['a number', { name: 7 }],
  ])('refuses a required name that is %s, naming it', async (_why, payload) => {
    await expectRefusedWithoutChange(t, { method: 'POST', url: '/api/records/deal', payload }, { status: 422, code: 'validation_failed', fields: ['name'] });
  });

  it('refuses a lookup to a record that does not exist, naming the field, without a 500', async () => {
    await expectRefusedWithoutChange(t, { method: 'POST', url: '/api/records/deal', payload: { name: 'Orphan', account: '0190f5a4-7c1e-7d2a-9b3c-4d5e6f708192' } }, { status: 409, code: 'reference_violation', fields: ['account'] });
  });

  it('refuses a user that does not exist, naming the field, without a 500', async () => {
    await expectRefusedWithoutChange(t, { method: 'POST', url: '/api/records/deal', payload: { name: 'Nobody', assignee: '0190f5a4-7c1e-7d2a-9b3c-4d5e6f708192' } }, { status: 409, code: 'reference_violation', fields: ['assignee'] });
  });

  it('refuses a stale If-Match without changing the record', async () => {
    await expectRefusedWithoutChange(t, { method: 'PATCH', url: recordUrl, headers: { 'if-match': '"999"' }, payload: { title: 'Stale' } }, { status: 412, code: 'version_conflict' });
  });

  it.each(['abc', '"-1"', '1; drop table deal', '"1.5"'])('refuses the If-Match %s with invalid_if_match', async (ifMatch) => {
    await expectRefusedWithoutChange(t, { method: 'PATCH', url: recordUrl, headers: { 'if-match': ifMatch }, payload: { title: 'X' } }, { status: 400, code: 'invalid_if_match' });
  });
});

describe('values that are accepted after cleaning', () => {
  it('sanitises a script out of rich text rather than refusing it', async () => {
    const created = await t.request({ method: 'POST', url: '/api/records/deal', payload: { name: 'Html', body_html: '<p onclick="steal()">Hi</p><script>alert(1)</script><img src=x onerror=alert(1)>' } });
    expect(created.statusCode, created.body).toBe(201);
    expect((created.json() as { body_html: string }).body_html).toBe('<p>Hi</p>');
    const read = await t.request({ method: 'GET', url: `/api/records/deal/${(created.json() as { id: string }).id}` });
    expect((read.json() as { body_html: string }).body_html).toBe('<p>Hi</p>');
  });

  it('the snapshot notices an accepted update, so the refused updates above are meaningful', async () => {
    const before = await snapshotTenant(t);
    const response = await t.request({ method: 'PATCH', url: recordUrl, payload: { seats: 4 } });
    expect(response.statusCode, response.body).toBe(200);
    const after = await snapshotTenant(t);
    expect(after.tables.rows.deal?.count).toBe(before.tables.rows.deal?.count);
    expect(after.tables.rows.deal?.digest).not.toBe(before.tables.rows.deal?.digest);
  });
});
