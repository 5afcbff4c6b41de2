import fc from 'fast-check';
import type { JsonValue } from '../../engine/src/kernel/index.ts';

/**
 * Random rules over the property test's fields, built by the sort of value they yield so that the
 * branches of if/and/or share a kind (see docs/rule-language.md: NaN meeting another type in SQL
 * becomes a string). Everything else is fair game: null fields, coercions between numbers, text and
 * booleans, dates in several time zones.
 */
type R = fc.Arbitrary<JsonValue>;
const v = (path: string): JsonValue => ({ var: path });
const op = (name: string, ...args: JsonValue[]): JsonValue => ({ [name]: args });
const pick = <T extends JsonValue>(...items: T[]) => fc.constantFrom(...items);

const NUM_VARS = ['t_int', 't_dec', 't_pct', 't_money.amount'];
const STR_VARS = ['t_text', 't_long', 't_email', 't_phone', 't_url', 't_pick', 't_money.currency', 'id'];
export const ZONES = ['UTC', 'Asia/Shanghai', 'America/New_York', 'Europe/Berlin', 'Asia/Kolkata'];
const CAL_UNITS = ['day', 'week', 'month', 'quarter', 'year'];
const ALL_UNITS = [...CAL_UNITS, 'hour', 'minute', 'second'];

const numLit: R = fc.oneof(pick(0, 1, -1, 2, 0.5, 0.1, 0.2, 0.3, 12.34, -7.5, 100, 1000, 3, 1e21), fc.integer({ min: -60, max: 60 }));
const strLit: R = pick('', 'Acme', 'acme', 'a', 'b', 'B', '12', '12.5', ' 7 ', '0', 'new', 'won', 'CNY', '北京', '北京科技', '科技', 'true', '1e3', '0x10', '%', '_', 'Ltd', 'c');
const dateLit: R = pick('2026-01-31', '2026-03-08', '2024-02-29', '2000-01-01', '2030-12-31', '2026-11-01');
const dtLit: R = pick('2026-03-08T07:30:00.000Z', '2026-01-31T16:00:00.000Z', '2024-02-29T23:59:59.999Z', '2000-01-01T00:00:00.000Z');
const zone = pick(...ZONES);
const calUnit = pick(...CAL_UNITS);
const anyUnit = pick(...ALL_UNITS);
const amount: R = fc.oneof(fc.integer({ min: -40, max: 40 }), pick(v('t_int'), 400, -1000));

export interface Sorts {
  num: R;
  str: R;
  bool: R;
  date: R;
  dt: R;
  list: R;
}

function level(below: Sorts | undefined): Sorts {
  const leafNum: R = fc.oneof(pick(...NUM_VARS.map(v)), numLit);
  const leafStr: R = fc.oneof(pick(...STR_VARS.map(v)), strLit);
  const leafBool: R = fc.oneof(pick(v('t_bool'), true, false, null));
  const leafDate: R = fc.oneof(pick(v('t_date')), dateLit, zone.map((z) => op('today', z)), pick(op('today')));
  const leafDt: R = fc.oneof(pick(v('t_dt'), op('now')), dtLit);
  const jsonLeaf: R = pick(v('t_json'), v('t_json.a'), v('t_json.b'), [1, 2, 3], [], [1, 'a', null, '']);
  const leafList: R = fc.oneof(jsonLeaf, pick(v('t_multi'), ['a', 'b']));
  if (!below) return { num: leafNum, str: leafStr, bool: leafBool, date: leafDate, dt: leafDt, list: leafList };
  const { num, str, bool, date, dt, list } = below;
  const scalar = fc.oneof(num, str, bool, date, dt);
  // Tags (a list of texts) are tested as {"var": ""}; JSON lists may also hold objects.
  const elementTest: R = fc.oneof(
    fc.tuple(pick('==', '!=', '<', '>='), fc.oneof(strLit, numLit)).map(([o, lit]) => op(o, v(''), lit)),
    fc.tuple(pick('starts_with', 'contains'), strLit).map(([o, lit]) => op(o, v(''), lit)),
    pick(op('in', v(''), ['a', 'c']), op('!', v(''))),
  );
  const jsonElementTest: R = fc.oneof(elementTest, pick(op('>', v('qty'), 1), op('==', v('a'), 'a'), op('!', v('b'))));
  const tagList: R = fc.oneof(pick(v('t_multi'), ['a', 'b']), fc.tuple(pick(v('t_multi')), elementTest).map(([l, t]) => op('filter', l, t)));
  const jsonList: R = fc.oneof(jsonLeaf, fc.tuple(jsonLeaf, jsonElementTest).map(([l, t]) => op('filter', l, t)), fc.array(jsonLeaf, { maxLength: 2 }).map((args) => ({ merge: args })));
  const listTest: fc.Arbitrary<[JsonValue, JsonValue]> = fc.oneof(fc.tuple(tagList, elementTest), fc.tuple(jsonList, jsonElementTest));
  return {
    num: fc.oneof(
      leafNum,
      fc.tuple(pick('+', '-', '*', '/', '%', 'min', 'max'), num, num).map(([o, a, b]) => op(o, a, b)),
      fc.tuple(pick('+', '*', 'min', 'max'), num, num, num).map(([o, a, b, c]) => op(o, a, b, c)),
      fc.tuple(pick('-', '+'), fc.oneof(num, str)).map(([o, a]) => op(o, a)),
      fc.tuple(pick('+', '-', '*'), num, fc.oneof(str, bool)).map(([o, a, b]) => op(o, a, b)),
      fc.tuple(bool, num, num).map(([c, a, b]) => op('if', c, a, b)),
      fc.tuple(pick(...NUM_VARS), numLit).map(([p, d]) => ({ var: [p, d] })),
      fc.oneof(str, list).map((a) => op('length', a)),
      fc.tuple(fc.oneof(date, dt), fc.oneof(date, dt), anyUnit, zone).map(([a, b, u, z]) => op('date_diff', a, b, u, z)),
      fc.tuple(date, date, calUnit).map(([a, b, u]) => op('date_diff', a, b, u)),
    ),
    str: fc.oneof(
      leafStr,
      fc.array(fc.oneof(scalar, list), { minLength: 1, maxLength: 3 }).map((args) => ({ cat: args })),
      fc.tuple(str, fc.integer({ min: -6, max: 6 }), fc.option(fc.integer({ min: -4, max: 4 }), { nil: undefined })).map(([s, a, b]) => (b === undefined ? op('substr', s, a) : op('substr', s, a, b))),
      fc.tuple(pick('lower', 'upper'), str).map(([o, s]) => op(o, s)),
      fc.tuple(bool, str, str).map(([c, a, b]) => op('if', c, a, b)),
      fc.tuple(bool, str, str).map(([c, a, b]) => op('?:', c, a, b)),
    ),
    bool: fc.oneof(
      leafBool,
      fc.tuple(pick('==', '===', '!=', '!==', '<', '<=', '>', '>='), num, num).map(([o, a, b]) => op(o, a, b)),
      fc.tuple(pick('==', '===', '!=', '!==', '<', '<=', '>', '>='), str, str).map(([o, a, b]) => op(o, a, b)),
      fc.tuple(pick('==', '!=', '<', '>=', '==='), fc.oneof(num, bool), fc.oneof(str, bool)).map(([o, a, b]) => op(o, a, b)),
      fc.tuple(pick('==', '<', '<=', '>', '>=', '!='), date, date).map(([o, a, b]) => op(o, a, b)),
      fc.tuple(pick('==', '<', '<=', '>', '>=', '!=='), dt, dt).map(([o, a, b]) => op(o, a, b)),
      fc.tuple(pick('<', '<='), num, num, num).map(([o, a, b, c]) => op(o, a, b, c)),
      fc.tuple(pick('==', '!=', '==='), fc.oneof(list, scalar), fc.oneof(scalar, pick(null))).map(([o, a, b]) => op(o, a, b)),
      fc.tuple(pick('and', 'or'), fc.array(bool, { minLength: 1, maxLength: 3 })).map(([o, args]) => ({ [o]: args })),
      fc.tuple(pick('!', '!!'), fc.oneof(scalar, list)).map(([o, a]) => op(o, a)),
      fc.tuple(str, fc.array(strLit, { maxLength: 4 })).map(([a, l]) => op('in', a, l)),
      fc.tuple(fc.oneof(num, date), fc.array(fc.oneof(numLit, dateLit, pick(null)), { maxLength: 4 })).map(([a, l]) => op('in', a, l)),
      fc.tuple(fc.oneof(scalar), fc.oneof(str, list)).map(([a, b]) => op('in', a, b)),
      fc.tuple(pick('contains', 'starts_with', 'ends_with'), fc.oneof(str, date), fc.oneof(strLit, str)).map(([o, a, b]) => op(o, a, b)),
      fc.oneof(scalar, list).map((a) => op('is_empty', a)),
      fc.tuple(pick('some', 'all', 'none'), listTest).map(([o, [l, t]]) => op(o, l, t)),
      fc.tuple(bool, bool, bool).map(([c, a, b]) => op('if', c, a, b)),
      fc.subarray(['t_text', 't_int', 't_date', 't_bool', 't_multi'], { minLength: 1 }).map((keys) => op('!!', { missing: keys })),
      fc.tuple(fc.integer({ min: 0, max: 3 }), fc.subarray(['t_email', 't_pick', 't_dec'], { minLength: 1 })).map(([n, keys]) => op('!', op('missing_some', n, keys))),
    ),
    date: fc.oneof(
      leafDate,
      fc.tuple(date, amount, calUnit).map(([d, n, u]) => op('date_add', d, n, u)),
      fc.tuple(date, calUnit).map(([d, u]) => op('start_of', d, u)),
      fc.tuple(bool, date, date).map(([c, a, b]) => op('if', c, a, b)),
    ),
    dt: fc.oneof(
      leafDt,
      fc.tuple(dt, amount, anyUnit, zone).map(([d, n, u, z]) => op('date_add', d, n, u, z)),
      fc.tuple(dt, calUnit, zone).map(([d, u, z]) => op('start_of', d, u, z)),
      fc.tuple(dt, calUnit).map(([d, u]) => op('start_of', d, u)),
    ),
    list: fc.oneof(
      leafList,
      listTest.map(([l, t]) => op('filter', l, t)),
      tagList,
      fc.tuple(list, pick(v(''), op('cat', v(''), '!'), op('length', v('')))).map(([l, f]) => op('map', l, f)),
      fc.tuple(jsonList, pick(v('a'), v('qty'), op('cat', v('qty'), 1))).map(([l, f]) => op('map', l, f)),
      // Numbers enter lists only as literals: a computed NaN inside a list is a string in SQL (documented).
      fc.array(fc.oneof(list, str, numLit), { maxLength: 3 }).map((args) => ({ merge: args })),
      fc.subarray(['t_text', 't_int', 't_date', 't_json'], { minLength: 1 }).map((keys) => ({ missing: keys })),
    ),
  };
}

/** Rules up to `depth` operations deep, of every sort, conditions weighted most. */
export function ruleArb(depth = 3): R {
  let sorts = level(undefined);
  for (let d = 0; d < depth; d++) sorts = level(sorts);
  return fc.oneof({ arbitrary: sorts.bool, weight: 5 }, sorts.num, sorts.str, sorts.date, sorts.dt, sorts.list);
}
