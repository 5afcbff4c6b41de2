import type { FieldError } from '../kernel/index.ts';
import type { FieldDef } from '../metadata/index.ts';
import type { FieldType, GenerateContext } from './field-type.ts';

type DateToken = 'YYYY' | 'YY' | 'MM' | 'DD';
const LITERAL = '[A-Za-z0-9_/.-]';
const DATE_TOKEN = '\\{(YYYY|YY|MM|DD)\\}';
const COUNTER = '\\{0{1,12}\\}';
/** Literal characters and date tokens around exactly one counter token, e.g. HT-{YYYY}-{0000}. */
export const AUTONUMBER_PATTERN = `^(${LITERAL}|${DATE_TOKEN})*${COUNTER}(${LITERAL}|${DATE_TOKEN})*$`;

type Part = { literal: string } | { date: DateToken } | { counter: number };

function parse(pattern: string): Part[] {
  return [...pattern.matchAll(/\{(YYYY|YY|MM|DD|0+)\}|[^{]+/g)].map(([text, token]): Part => {
    if (token === undefined) return { literal: text };
    return token.startsWith('0') ? { counter: token.length } : { date: token as DateToken };
  });
}

/** Date tokens are rendered in UTC: the engine has no time zone of its own, and a period must not depend on who saves. */
function renderDate(token: DateToken, now: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  if (token === 'YYYY') return String(now.getUTCFullYear());
  if (token === 'YY') return two(now.getUTCFullYear() % 100);
  if (token === 'MM') return two(now.getUTCMonth() + 1);
  return two(now.getUTCDate());
}

function patternOf(field: FieldDef): string {
  if (!field.pattern) throw new Error(`autonumber field ${field.api_name} has no pattern`);
  return field.pattern;
}

/**
 * The counter restarts in every period: the date parts of the rendered value joined with '-'
 * ('2026' for HT-{YYYY}-{0000}, '' without date tokens). `ctx.next` counts from 1 in each period;
 * `start` shifts where numbering begins.
 */
export async function generateAutonumber(field: FieldDef, ctx: GenerateContext): Promise<string> {
  const parts = parse(patternOf(field));
  const period = parts.flatMap((p) => ('date' in p ? [renderDate(p.date, ctx.now)] : [])).join('-');
  const number = (await ctx.next(period)) + (field.start ?? 1) - 1;
  // A number longer than its padding is written in full rather than cut.
  return parts.map((p) => ('literal' in p ? p.literal : 'date' in p ? renderDate(p.date, ctx.now) : String(number).padStart(p.counter, '0'))).join('');
}

function checkAutonumber(field: FieldDef): FieldError[] {
  return field.pattern ? [] : [{ field: 'pattern', message: 'an autonumber needs a display pattern such as INV-{YYYY}-{0000}' }];
}

export const autonumberType: FieldType = {
  name: 'autonumber',
  label: { en: 'Auto number', 'zh-CN': '自动编号' },
  settings: {
    pattern: { type: 'string', maxLength: 100, pattern: AUTONUMBER_PATTERN },
    start: { type: 'integer', minimum: 0, maximum: 999999999999 },
  },
  supportsUnique: true,
  supportsIndex: true,
  searchable: true,
  generated: true,
  check: checkAutonumber,
  columns: (field) => [{ name: field.api_name, sqlType: 'text' }],
  valueSchema: () => ({ type: 'string', readOnly: true }),
  toColumns: (value, field) => ({ [field.api_name]: value ?? null }),
  fromColumns: (row, field) => row[field.api_name] ?? null,
  generate: async (field, ctx) => ({ [field.api_name]: await generateAutonumber(field, ctx) }),
  sortColumn: (field) => field.api_name,
  castFrom: {},
  samples: {
    field: { pattern: 'HT-{YYYY}-{0000}', start: 1 },
    good: [{ input: 'HT-2026-0001' }, { input: 'HT-2026-12345' }],
    bad: [42, true, ['HT-2026-0001'], { value: 'HT-2026-0001' }],
  },
};
