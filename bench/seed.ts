import type { Knex } from '../engine/src/db/index.ts';
import { qualify } from '../engine/src/db/index.ts';

export const BENCH_OBJECT = {
  api_name: 'bench_item',
  label: { en: 'Bench item', 'zh-CN': '基准记录' },
  fields: [
    { api_name: 'status', type: 'picklist', indexed: true, values: ['new', 'open', 'won', 'lost', 'hold'].map((v) => ({ value: v, label: { en: v } })) },
    { api_name: 'amount', type: 'decimal', precision: 12, scale: 2, indexed: true },
    { api_name: 'quantity', type: 'integer' },
    { api_name: 'score', type: 'percent' },
    { api_name: 'active', type: 'boolean' },
    { api_name: 'due', type: 'date' },
    { api_name: 'email', type: 'email' },
    { api_name: 'notes', type: 'long_text' },
    { api_name: 'region', type: 'text' },
  ],
};

/** Fills a table with `rows` rows of varied values in one INSERT … SELECT (fast, and the same for engine and baseline). */
export async function fillBenchItems(knex: Knex, schema: string, table: string, rows: number, ownerId: string): Promise<void> {
  await knex.raw(
    `insert into ${qualify(schema, table)} (id, created_by, updated_by, owner_id, name, status, amount, quantity, score, active, due, email, notes, region)
     select gen_random_uuid(), ?, ?, ?, 'Item ' || g,
            (array['new','open','won','lost','hold'])[1 + g % 5],
            round((random() * 100000)::numeric, 2), g % 1000, round((random() * 100)::numeric, 2), g % 2 = 0,
            date '2026-01-01' + (g % 365), 'user' || g || '@example.com', 'notes for item ' || g, 'region ' || (g % 50)
     from generate_series(1, ?) g`,
    [ownerId, ownerId, ownerId, rows],
  );
  await knex.raw(`analyze ${qualify(schema, table)}`);
}
