import { describe, expect, it } from 'vitest';
import { timestamptzIso } from '../../engine/src/db/pg-types.ts';
import { testKnex } from '../support/db.ts';

// Record answers read timestamptz columns as ISO text without a Date in between (db/pg-types.ts); the text
// must be exactly what Date#toISOString gives for the same instant, whatever PostgreSQL sends.
describe('timestamptz read as ISO text', () => {
  it.each([
    ['2026-11-24 11:32:02.409+00', '2026-11-24T11:32:02.409Z'],
    ['2026-11-24 11:32:02.409123+00', '2026-11-24T11:32:02.409Z'],
    ['2026-11-24 11:32:02.4+00', '2026-11-24T11:32:02.400Z'],
    ['2026-11-24 11:32:02+00', '2026-11-24T11:32:02.000Z'],
    ['2026-01-01 00:00:00.999999+00', '2026-01-01T00:00:00.999Z'],
  ])('%s → %s', (text, iso) => {
    expect(timestamptzIso(text)).toBe(iso);
  });

  it('goes through a Date for any other offset, so the instant is the same', () => {
    expect(timestamptzIso('2026-11-24 19:32:02.409+08')).toBe('2026-11-24T11:32:02.409Z');
    expect(timestamptzIso('2026-11-24 06:02:02.5-05:30')).toBe('2026-11-24T11:32:02.500Z');
    expect(timestamptzIso('0044-03-15 12:00:00+00 BC')).toBe(new Date(Date.UTC(-43, 2, 15, 12)).toISOString());
  });

  it('gives PostgreSQL\'s own text for what no Date holds, rather than failing', () => {
    expect(timestamptzIso('infinity')).toBe('infinity');
    expect(timestamptzIso('-infinity')).toBe('-infinity');
  });

  it('agrees with the Date PostgreSQL would have given, for instants read back from the server in two time zones', async () => {
    const knex = testKnex();
    try {
      for (const zone of ['UTC', 'Asia/Shanghai']) {
        const rows = (
          await knex.transaction(async (trx) => {
            await trx.raw(`set local time zone '${zone}'`);
            return trx.raw<{ rows: Array<{ text: string; at: Date }> }>(
              `select t::text as text, t as at from (values (timestamptz '2026-03-01 12:00:00.123456+00'), (timestamptz '1999-12-31 23:59:59+00'), (now())) v(t)`,
            );
          })
        ).rows;
        for (const row of rows) expect(timestamptzIso(row.text)).toBe(row.at.toISOString());
      }
    } finally {
      await knex.destroy();
    }
  });
});
