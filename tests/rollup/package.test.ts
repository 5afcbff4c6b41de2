import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { listPage } from '../support/record-helpers.ts';
import { install, manifest, removePackages, writePackage } from '../transfer/support.ts';

let t: TestEngine;

beforeAll(async () => {
  t = await startTestEngine();
});
afterAll(async () => {
  removePackages();
  await t.close();
});

/** Objects that point at each other (basket ← line) with roll-ups both ways round, installed in one change. */
const files = {
  'manifest.json': manifest('1.0.0'),
  'objects/basket.json': {
    api_name: 'basket',
    label: { en: 'Basket', 'zh-CN': '购物篮' },
    fields: [
      { api_name: 'line_count', type: 'rollup', label: { en: 'Lines', 'zh-CN': '行数' }, child_object: 'line', via: 'basket', function: 'count' },
      { api_name: 'line_total', type: 'rollup', label: { en: 'Total', 'zh-CN': '合计' }, child_object: 'line', via: 'basket', function: 'sum', field: 'amount', filter: { '!': { var: 'cancelled' } } },
    ],
  },
  'objects/line.json': {
    api_name: 'line',
    label: { en: 'Line', 'zh-CN': '明细' },
    fields: [
      { api_name: 'basket', type: 'lookup', label: { en: 'Basket', 'zh-CN': '购物篮' }, target: 'basket', on_delete: 'cascade' },
      { api_name: 'amount', type: 'decimal', label: { en: 'Amount', 'zh-CN': '金额' }, scale: 2 },
      { api_name: 'cancelled', type: 'boolean', label: { en: 'Cancelled', 'zh-CN': '已取消' } },
    ],
  },
  'sample-data/1-orders.json': { object: 'basket', records: [{ $key: 'o-1', name: 'O-1' }, { $key: 'o-2', name: 'O-2' }] },
  'sample-data/2-lines.json': {
    object: 'line',
    records: [
      { name: 'a', basket: { $ref: 'o-1' }, amount: 10 },
      { name: 'b', basket: { $ref: 'o-1' }, amount: 5.5 },
      { name: 'c', basket: { $ref: 'o-1' }, amount: 100, cancelled: true },
      { name: 'd', basket: { $ref: 'o-2' }, amount: 1 },
    ],
  },
};

describe('a package with roll-ups', () => {
  it('installs objects and roll-ups together, and its sample data fills them through the save pipeline', async () => {
    const actorId = (await t.request({ method: 'GET', url: '/api/auth/me' })).json<{ id: string }>().id;
    const report = await install(t.engine.knex, writePackage(files), { tenant: t.tenant, actorId, sampleData: true });
    t.engine.models.invalidate(t.tenant.slug, report.metadata.version);
    const orders = await listPage(t, 'basket', { sort: 'name' });
    expect(orders.items.map((o) => [o.name, o.line_count, o.line_total])).toEqual([
      ['O-1', 3, 15.5],
      ['O-2', 1, 1],
    ]);
  });
});
