import { describe, expect, it } from 'vitest';
import { createBuiltinRegistry } from '../../engine/src/field-types/index.ts';
import { engineAjv, sampleField, testCounter } from './support.ts';

const type = createBuiltinRegistry().require('autonumber');
const now = new Date('2026-03-09T23:30:00Z');

async function render(pattern: string, times: number, start?: number, at = now) {
  const field = sampleField(type, { pattern, start });
  const ctx = testCounter(at);
  const values: unknown[] = [];
  for (let i = 0; i < times; i += 1) values.push((await type.generate?.(field, ctx))?.f);
  return { values, periods: ctx.periods };
}

describe('autonumber', () => {
  it('renders HT-2026-0001, HT-2026-0002 with the year as the counter period', async () => {
    expect(await render('HT-{YYYY}-{0000}', 2)).toEqual({ values: ['HT-2026-0001', 'HT-2026-0002'], periods: ['2026', '2026'] });
  });

  it('writes numbers longer than the padding in full', async () => {
    const { values } = await render('N{00}', 101);
    expect(values.slice(0, 2)).toEqual(['N01', 'N02']);
    expect(values.slice(98)).toEqual(['N99', 'N100', 'N101']);
  });

  it('starts at `start` and counts without a period when there is no date token', async () => {
    expect(await render('CASE-{000000}', 2, 1000)).toEqual({ values: ['CASE-001000', 'CASE-001001'], periods: ['', ''] });
  });

  it('renders date tokens in UTC and joins them into the period', async () => {
    expect(await render('{YY}{MM}{DD}/{0000}', 1)).toEqual({ values: ['260309/0001'], periods: ['26-03-09'] });
    expect(await render('Q.{YYYY}.{MM}_{000}', 1, 1, new Date('2026-12-31T23:59:59Z'))).toEqual({ values: ['Q.2026.12_001'], periods: ['2026-12'] });
  });

  it('keeps each period its own counter', async () => {
    const field = sampleField(type, { pattern: '{YYYY}-{0}' });
    const ctx = testCounter(now);
    const a = await type.generate?.(field, ctx);
    const b = await type.generate?.(field, { ...ctx, now: new Date('2027-01-01T00:00:00Z') });
    expect([a?.f, b?.f]).toEqual(['2026-1', '2027-1']);
  });

  const validPattern = engineAjv.compile(type.settings.pattern ?? {});
  it.each(['HT-{YYYY}-{0000}', '{0}', 'INV/{YY}/{MM}/{DD}.{000000000000}', 'a_b-c.d/{00}'])('accepts the pattern %s', (pattern) => expect(validPattern(pattern)).toBe(true));
  it.each(['HT-{YYYY}', '{0000}-{0000}', '{0000000000000}', 'HT {0000}', 'HT-{yyyy}-{0000}', 'HT-{YYY}-{0000}', '{0000', 'x{0000}}', "'; drop table x;{0}", ''])('refuses the pattern %j', (pattern) =>
    expect(validPattern(pattern)).toBe(false),
  );

  it('needs a pattern', () => {
    expect(type.check?.(sampleField(type, { pattern: undefined }), { objectExists: () => true })).toEqual([expect.objectContaining({ field: 'pattern' })]);
  });
});
