import type { JsonValue } from '../../engine/src/kernel/index.ts';

/**
 * The contract table: for every operator, rules with their data and the value both backends must
 * give, under NOW in America/New_York (2026-03-07 22:30 there, 2026-03-08 11:30 in Shanghai).
 * Adding an operator without samples fails the contract suite.
 */
export const NOW = '2026-03-08T03:30:00.000Z';
export const ZONE = 'America/New_York';
export const USER = '0192f0c4-5a6b-7c8d-9e0f-a1b2c3d4e5f6';

export type Sample = [rule: JsonValue, data: JsonValue, expected: JsonValue];

export const SAMPLES: Record<string, Sample[]> = {
  '==': [[{ '==': [{ var: 'n' }, '12'] }, { n: 12 }, true], [{ '==': [null, 0] }, {}, false]],
  '===': [[{ '===': [{ var: 'n' }, '12'] }, { n: 12 }, false]],
  '!=': [[{ '!=': [{ var: 's' }, 'a'] }, { s: null }, true]],
  '!==': [[{ '!==': [1, 1] }, {}, false]],
  '<': [[{ '<': [{ var: 'n' }, 10] }, { n: null }, true], [{ '<': ['10', '9'] }, {}, true], [{ '<': [1, { var: 'n' }, 5] }, { n: 3 }, true]],
  '<=': [[{ '<=': [1, 1, 0] }, {}, false]],
  '>': [[{ '>': ['b', 'a'] }, {}, true]],
  '>=': [[{ '>=': [{ var: 'd' }, '2026-01-01'] }, { d: '2026-03-01' }, true]],
  '!': [[{ '!': [[]] }, {}, true]],
  '!!': [[{ '!!': ['0'] }, {}, true]],
  and: [[{ and: [1, '', true] }, {}, '']],
  or: [[{ or: [0, null, 'x'] }, {}, 'x']],
  if: [[{ if: [{ var: 'vip' }, 'gold', { '>': [{ var: 'n' }, 100] }, 'silver', 'bronze'] }, { vip: false, n: 120 }, 'silver']],
  '?:': [[{ '?:': [{ var: 'n' }, 'some', 'none'] }, { n: 0 }, 'none']],
  '+': [[{ '+': ['1.5', 2, { var: 'n' }] }, { n: 0.1 }, 3.6], [{ '+': [0.1, 0.2] }, {}, 0.30000000000000004]],
  '*': [[{ '*': [{ var: 'price' }, { var: 'qty' }] }, { price: 19.9, qty: 3 }, 59.699999999999996]],
  '-': [[{ '-': [{ var: 'n' }] }, { n: '7' }, -7], [{ '-': [null, 1] }, {}, -1]],
  '/': [[{ '/': [1, 4] }, {}, 0.25]],
  '%': [[{ '%': [-7, 3] }, {}, -1], [{ '%': [5.5, 2] }, {}, 1.5]],
  min: [[{ min: [3, '2', 5] }, {}, 2]],
  max: [[{ max: [3, { var: 'n' }] }, { n: 8 }, 8]],
  in: [
    [{ in: [{ var: 'stage' }, ['won', 'lost']] }, { stage: 'won' }, true],
    [{ in: ['Spring', 'Springfield'] }, {}, true],
    [{ in: ['', ''] }, {}, false],
  ],
  cat: [
    [{ cat: ['No. ', 1, null, true, [1, [2]]] }, {}, 'No. 1true1,2'],
    [{ '>=': ['a', { cat: [null] }] }, {}, true],
  ],
  substr: [[{ substr: ['北京星辰科技', 2, -2] }, {}, '星辰']],
  var: [
    [{ var: 'a.b.1' }, { a: { b: [1, 2] } }, 2],
    [{ var: ['a.x', 'default'] }, { a: {} }, 'default'],
    [{ var: ['a', 'default'] }, { a: null }, null],
  ],
  missing: [[{ missing: ['a', 'b', 'c'] }, { a: 1, b: '' }, ['b', 'c']]],
  missing_some: [[{ missing_some: [1, ['email', 'phone']] }, { phone: '110' }, []]],
  merge: [[{ merge: [[1], 2, [[3]]] }, {}, [1, 2, [3]]]],
  filter: [[{ filter: [{ var: 'xs' }, { '>': [{ var: '' }, 1] }] }, { xs: [1, 2, 3] }, [2, 3]]],
  map: [[{ map: [{ var: 'items' }, { var: 'sku' }] }, { items: [{ sku: 'a' }, { sku: 'b', q: 1 }] }, ['a', 'b']]],
  some: [[{ some: [{ var: 'tags' }, { '==': [{ var: '' }, 'vip'] }] }, { tags: ['new', 'vip'] }, true]],
  none: [[{ none: [{ var: 'tags' }, { '==': [{ var: '' }, 'vip'] }] }, { tags: null }, true]],
  all: [[{ all: [{ var: 'xs' }, { '>': [{ var: '' }, 0] }] }, { xs: [] }, false]],
  reduce: [[{ reduce: [{ var: 'xs' }, { '+': [{ var: 'accumulator' }, { var: 'current' }] }, 10] }, { xs: [1, 2] }, 13]],
  current_user: [
    [{ current_user: [] }, {}, USER],
    [{ '==': [{ var: 'owner' }, { current_user: [] }] }, { owner: USER }, true],
  ],
  now: [[{ now: [] }, {}, NOW]],
  today: [
    [{ today: [] }, {}, '2026-03-07'],
    [{ today: 'Asia/Shanghai' }, {}, '2026-03-08'],
  ],
  date_add: [
    [{ date_add: ['2026-01-31', 1, 'month'] }, {}, '2026-02-28'],
    [{ date_add: ['2024-02-29', 1, 'year'] }, {}, '2025-02-28'],
    [{ date_add: ['2026-01-01', 2, 'quarter'] }, {}, '2026-07-01'],
    [{ date_add: ['2026-03-01', -1, 'day'] }, {}, '2026-02-28'],
    // Across the daylight-saving change: one calendar day in New York is 23 hours.
    [{ date_add: ['2026-03-07T12:00:00.000Z', 1, 'day'] }, {}, '2026-03-08T11:00:00.000Z'],
    [{ date_add: ['2026-03-07T12:00:00.000Z', 1, 'day', 'UTC'] }, {}, '2026-03-08T12:00:00.000Z'],
    [{ date_add: ['2026-03-08T06:30:00Z', 90, 'minute'] }, {}, '2026-03-08T08:00:00.000Z'],
    // 02:30 does not exist on 2026-03-08 in New York: like PostgreSQL, it becomes 03:30 EDT.
    [{ date_add: ['2026-03-07T07:30:00.000Z', 1, 'day'] }, {}, '2026-03-08T07:30:00.000Z'],
    [{ date_add: ['2026-01-31', 1, 'day', 'Asia/Shanghai'] }, {}, '2026-02-01'],
  ],
  date_diff: [
    [{ date_diff: ['2026-01-31', '2026-02-28', 'month'] }, {}, 0],
    [{ date_diff: ['2026-01-31', '2026-03-01', 'month'] }, {}, 1],
    [{ date_diff: ['2026-03-01', '2026-01-31', 'month'] }, {}, -1],
    [{ date_diff: ['2020-02-29', '2026-02-28', 'year'] }, {}, 5],
    [{ date_diff: ['2026-01-01', '2026-03-01', 'day'] }, {}, 59],
    [{ date_diff: ['2026-03-07T12:00:00.000Z', '2026-03-08T12:00:00.000Z', 'hour'] }, {}, 24],
    [{ date_diff: ['2026-03-08T03:30:00.000Z', '2026-03-08T05:30:00.000Z', 'day'] }, {}, 1],
    [{ date_diff: ['2026-03-08T03:30:00.000Z', '2026-03-08T05:30:00.000Z', 'day', 'UTC'] }, {}, 0],
  ],
  start_of: [
    [{ start_of: ['2026-03-11', 'week'] }, {}, '2026-03-09'],
    [{ start_of: ['2026-05-20', 'quarter'] }, {}, '2026-04-01'],
    [{ start_of: ['2026-05-20', 'year'] }, {}, '2026-01-01'],
    [{ start_of: ['2026-03-08T03:30:00.000Z', 'day'] }, {}, '2026-03-07T05:00:00.000Z'],
    [{ start_of: ['2026-03-08T03:30:00.000Z', 'day', 'Asia/Shanghai'] }, {}, '2026-03-07T16:00:00.000Z'],
    [{ start_of: ['2026-04-15T10:00:00.000Z', 'month', 'Europe/Berlin'] }, {}, '2026-03-31T22:00:00.000Z'],
  ],
  contains: [
    [{ contains: [{ var: 'name' }, '科技'] }, { name: '北京星辰科技有限公司' }, true],
    [{ contains: [{ var: 'name' }, 'ACME'] }, { name: 'Acme Ltd' }, true],
    [{ contains: ['50% off', '%'] }, {}, true],
    [{ contains: ['abc', '%'] }, {}, false],
    [{ contains: [{ var: 'name' }, 'a'] }, { name: null }, false],
  ],
  starts_with: [
    [{ starts_with: ['Acme', 'ac'] }, {}, true],
    [{ starts_with: ['abc', 'a_'] }, {}, false],
  ],
  ends_with: [[{ ends_with: [{ var: 'name' }, { var: 'suffix' }] }, { name: 'Acme Ltd', suffix: 'LTD' }, true]],
  lower: [[{ lower: 'AbC' }, {}, 'abc'], [{ lower: [5] }, {}, null]],
  upper: [[{ upper: [{ var: 'code' }] }, { code: 'cny' }, 'CNY']],
  length: [
    [{ length: '北京' }, {}, 2],
    [{ length: [{ var: 'tags' }] }, { tags: ['a', 'b'] }, 2],
    [{ length: [null] }, {}, 0],
  ],
  is_empty: [
    [{ is_empty: '' }, {}, true],
    [{ is_empty: [[]] }, {}, true],
    [{ is_empty: [{ var: 'x' }] }, {}, true],
    [{ is_empty: 0 }, {}, false],
    [{ is_empty: '  ' }, {}, false],
  ],
  prior: [[{ prior: 'stage' }, { stage: 'won' }, 'new']],
  changed: [[{ changed: 'stage' }, { stage: 'won' }, true], [{ changed: 'amount' }, { stage: 'won', amount: 5 }, false]],
};

/** The record before the change, for prior/changed samples. */
export const PRIOR = { stage: 'new', amount: 5 };
