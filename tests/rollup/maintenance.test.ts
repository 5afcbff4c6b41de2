import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { createRecord, listPage, type ApiRecord } from '../support/record-helpers.ts';
import { addRollup, createSalesModel, readRecord, patch, remove, restore } from './support.ts';

let t: TestEngine;

beforeAll(async () => {
  t = await startTestEngine();
  await createSalesModel(t);
  const over = { child_object: 'payment', via: 'contract' };
  await addRollup(t, 'contract', { api_name: 'payment_count', type: 'rollup', ...over, function: 'count' });
  await addRollup(t, 'contract', { api_name: 'total', type: 'rollup', ...over, function: 'sum', field: 'amount' });
  await addRollup(t, 'contract', { api_name: 'approved_total', type: 'rollup', ...over, function: 'sum', field: 'amount', filter: { '==': [{ var: 'approval_status' }, 'approved'] } });
  await addRollup(t, 'contract', { api_name: 'smallest', type: 'rollup', ...over, function: 'min', field: 'amount' });
  await addRollup(t, 'contract', { api_name: 'largest', type: 'rollup', ...over, function: 'max', field: 'amount' });
  await addRollup(t, 'contract', { api_name: 'last_paid', type: 'rollup', ...over, function: 'max', field: 'paid_on', return_type: 'date' });
  await addRollup(t, 'contract', { api_name: 'fees', type: 'rollup', ...over, function: 'sum', field: 'fee', scale: 2 });
  await addRollup(t, 'account', { api_name: 'contract_count', type: 'rollup', child_object: 'contract', via: 'account', function: 'count' });
  // A roll-up of a roll-up: follows every payment change two levels up.
  await addRollup(t, 'account', { api_name: 'approved_paid', type: 'rollup', child_object: 'contract', via: 'account', function: 'sum', field: 'approved_total' });
  await addRollup(t, 'account', { api_name: 'payments_made', type: 'rollup', child_object: 'payment', via: 'payer', function: 'count' });
});
afterAll(() => t.close());

const account = (name: string) => createRecord(t, 'account', { name });
const contract = (name: string, accountId: string) => createRecord(t, 'contract', { name, account: accountId });
const pay = (contractId: string, amount: number, extra: Record<string, unknown> = {}) =>
  createRecord(t, 'payment', { name: `${amount}`, contract: contractId, amount, approval_status: 'pending', ...extra });
const sums = async (id: string) => {
  const c = await readRecord(t, 'contract', id);
  return { count: c.payment_count, total: c.total, approved: c.approved_total, min: c.smallest, max: c.largest, last: c.last_paid };
};

describe('a parent with no children', () => {
  it('counts and sums 0, and has no min or max', async () => {
    const a = await account('Empty Co');
    const c = await contract('Empty', a.id);
    expect({ count: c.payment_count, total: c.total, approved: c.approved_total, min: c.smallest, max: c.largest, last: c.last_paid, fees: c.fees }).toEqual({
      count: 0,
      total: 0,
      approved: 0,
      min: null,
      max: null,
      last: null,
      fees: 0,
    });
  });
});

describe('maintained in the save of the child', () => {
  it('counts, sums, and takes min and max of inserted children, the filter choosing what is summed', async () => {
    const a = await account('Insert Co');
    const c = await contract('C-insert', a.id);
    await pay(c.id, 100.5, { approval_status: 'approved', paid_on: '2026-01-10', fee: { amount: 1.25 } });
    await pay(c.id, 40, { paid_on: '2026-03-02', fee: { amount: 2, currency: 'CNY' } });
    await pay(c.id, 9.5, { approval_status: 'approved', paid_on: '2025-12-31' });
    expect(await sums(c.id)).toEqual({ count: 3, total: 150, approved: 110, min: 9.5, max: 100.5, last: '2026-03-02' });
    expect((await readRecord(t, 'contract', c.id)).fees).toBe(3.25);
    expect((await readRecord(t, 'account', a.id)).approved_paid).toBe(110);
  });

  it('follows an update of the summed field and of a field the filter reads, up to the roll-up of the roll-up', async () => {
    const a = await account('Update Co');
    const c = await contract('C-update', a.id);
    const p = await pay(c.id, 10);
    await pay(c.id, 20, { approval_status: 'approved' });
    await patch(t, 'payment', p.id, { amount: 35 });
    expect(await sums(c.id)).toMatchObject({ count: 2, total: 55, approved: 20, min: 20, max: 35 });
    await patch(t, 'payment', p.id, { approval_status: 'approved' });
    expect(await sums(c.id)).toMatchObject({ total: 55, approved: 55 });
    expect((await readRecord(t, 'account', a.id)).approved_paid).toBe(55);
    await patch(t, 'payment', p.id, { amount: null });
    expect(await sums(c.id)).toMatchObject({ count: 2, total: 20, approved: 20, min: 20, max: 20 });
  });

  it('recomputes both the old and the new parent when a child is re-parented', async () => {
    const a = await account('Move Co');
    const b = await account('Other Co');
    const from = await contract('C-from', a.id);
    const to = await contract('C-to', b.id);
    const moving = await pay(from.id, 70, { approval_status: 'approved' });
    await pay(from.id, 5, { approval_status: 'approved' });
    await pay(to.id, 1, { approval_status: 'approved' });
    await patch(t, 'payment', moving.id, { contract: to.id });
    expect(await sums(from.id)).toMatchObject({ count: 1, total: 5, approved: 5, min: 5, max: 5 });
    expect(await sums(to.id)).toMatchObject({ count: 2, total: 71, approved: 71, min: 1, max: 70 });
    expect((await readRecord(t, 'account', a.id)).approved_paid).toBe(5);
    expect((await readRecord(t, 'account', b.id)).approved_paid).toBe(71);
    // Moving the contract itself moves its total between accounts.
    await patch(t, 'contract', to.id, { account: a.id });
    expect((await readRecord(t, 'account', a.id))).toMatchObject({ contract_count: 2, approved_paid: 76 });
    expect((await readRecord(t, 'account', b.id))).toMatchObject({ contract_count: 0, approved_paid: 0 });
  });

  it('stops counting a child in the recycle bin and counts it again once restored', async () => {
    const a = await account('Bin Co');
    const c = await contract('C-bin', a.id);
    const big = await pay(c.id, 500, { approval_status: 'approved' });
    await pay(c.id, 50, { approval_status: 'approved' });
    await remove(t, 'payment', big.id);
    expect(await sums(c.id)).toMatchObject({ count: 1, total: 50, approved: 50, max: 50 });
    expect((await readRecord(t, 'account', a.id)).approved_paid).toBe(50);
    await restore(t, 'payment', big.id);
    expect(await sums(c.id)).toMatchObject({ count: 2, total: 550, approved: 550, max: 500 });
    expect((await readRecord(t, 'account', a.id)).approved_paid).toBe(550);
  });

  it('follows a cascade: deleting a contract bins its payments and the account stops counting both; restoring brings back what was there', async () => {
    const a = await account('Cascade Co');
    const kept = await contract('C-kept', a.id);
    const gone = await contract('C-gone', a.id);
    await pay(kept.id, 10, { approval_status: 'approved' });
    const p1 = await pay(gone.id, 100, { approval_status: 'approved' });
    const p2 = await pay(gone.id, 200, { approval_status: 'approved' });
    expect(await readRecord(t, 'account', a.id)).toMatchObject({ contract_count: 2, approved_paid: 310 });
    await remove(t, 'contract', gone.id);
    expect(await readRecord(t, 'account', a.id)).toMatchObject({ contract_count: 1, approved_paid: 10 });
    // The binned contract's own roll-ups are kept right: its payments are binned too.
    const restored = await restore(t, 'contract', gone.id);
    expect(restored).toMatchObject({ payment_count: 0, total: 0, approved_total: 0, smallest: null });
    expect(await readRecord(t, 'account', a.id)).toMatchObject({ contract_count: 2, approved_paid: 10 });
    await restore(t, 'payment', p1.id);
    await restore(t, 'payment', p2.id);
    expect(await sums(gone.id)).toMatchObject({ count: 2, total: 300, approved: 300 });
    expect(await readRecord(t, 'account', a.id)).toMatchObject({ contract_count: 2, approved_paid: 310 });
  });

  it('keeps a parent deleted with set_null children right when it is restored (the children no longer point at it)', async () => {
    const payer = await account('Payer Co');
    const a = await account('Holder Co');
    const c = await contract('C-payer', a.id);
    await pay(c.id, 1, { payer: payer.id });
    await pay(c.id, 2, { payer: payer.id });
    expect((await readRecord(t, 'account', payer.id)).payments_made).toBe(2);
    await remove(t, 'account', payer.id);
    expect((await restore(t, 'account', payer.id)).payments_made).toBe(0);
  });

  it('does not bump the parent version, so a user editing the parent is not refused', async () => {
    const a = await account('Version Co');
    const c = await contract('C-version', a.id);
    await pay(c.id, 12);
    const after = await readRecord(t, 'contract', c.id);
    expect(after.version).toBe(c.version);
    const res = await t.request({ method: 'PATCH', url: `/api/records/contract/${c.id}`, payload: { name: 'Renamed' }, headers: { 'if-match': `"${c.version}"` } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ name: 'Renamed', payment_count: 1, total: 12 });
  });

  it('can be filtered and sorted on like any number field', async () => {
    const a = await account('Filter Co');
    const small = await contract('C-small', a.id);
    const large = await contract('C-large', a.id);
    await pay(small.id, 3);
    await pay(large.id, 3000);
    const page = await listPage(t, 'contract', { filter: { and: [{ '==': [{ var: 'account' }, a.id] }, { '>': [{ var: 'total' }, 100] }] } });
    expect(page.items.map((r) => r.name)).toEqual(['C-large']);
    const sorted = await listPage(t, 'contract', { filter: { '==': [{ var: 'account' }, a.id] }, sort: '-total' });
    expect(sorted.items.map((r) => r.name)).toEqual(['C-large', 'C-small']);
  });
});

describe('concurrent saves', () => {
  it('ends with the right count and sum when many children of one parent are inserted at once', async () => {
    const a = await account('Busy Co');
    const c = await contract('C-busy', a.id);
    const amounts = Array.from({ length: 24 }, (_, i) => i + 1);
    const results = await Promise.all(amounts.map((amount) => t.request({ method: 'POST', url: '/api/records/payment', payload: { name: `p${amount}`, contract: c.id, amount, approval_status: 'approved' } })));
    expect(results.map((r) => r.statusCode)).toEqual(amounts.map(() => 201));
    expect(await sums(c.id)).toMatchObject({ count: 24, total: 300, approved: 300, min: 1, max: 24 });
    expect((await readRecord(t, 'account', a.id)).approved_paid).toBe(300);
  });

  it('lets edits of the parent run beside saves of its children', async () => {
    const a = await account('Edited Co');
    const c = await contract('C-edited', a.id);
    const requests = Array.from({ length: 16 }, (_, i) =>
      i % 4 === 0
        ? t.request({ method: 'PATCH', url: `/api/records/contract/${c.id}`, payload: { name: `C-edited ${i}` } })
        : t.request({ method: 'POST', url: '/api/records/payment', payload: { name: `e${i}`, contract: c.id, amount: 10 } }),
    );
    const results = await Promise.all(requests);
    expect(results.map((r) => r.statusCode)).toEqual(requests.map((_, i) => (i % 4 === 0 ? 200 : 201)));
    expect(await sums(c.id)).toMatchObject({ count: 12, total: 120 });
  });

  it('does not deadlock or lose a move when children are re-parented in opposite directions at once', async () => {
    const a = await account('Swap Co');
    const left = await contract('C-left', a.id);
    const right = await contract('C-right', a.id);
    const lefts = await Promise.all([1, 2, 3, 4, 5].map((n) => pay(left.id, n)));
    const rights = await Promise.all([10, 20, 30, 40, 50].map((n) => pay(right.id, n)));
    const moves = [...lefts.map((p) => ({ p, to: right.id })), ...rights.map((p) => ({ p, to: left.id }))];
    const results = await Promise.all(moves.map(({ p, to }) => t.request({ method: 'PATCH', url: `/api/records/payment/${p.id}`, payload: { contract: to } })));
    expect(results.map((r) => r.statusCode)).toEqual(moves.map(() => 200));
    expect(await sums(left.id)).toMatchObject({ count: 5, total: 150 });
    expect(await sums(right.id)).toMatchObject({ count: 5, total: 15 });
  });
});

describe('a failed child save', () => {
  it('changes no roll-up when the child is refused', async () => {
    const a = await account('Refused Co');
    const c: ApiRecord = await contract('C-refused', a.id);
    await pay(c.id, 5);
    const bad = await t.request({ method: 'POST', url: '/api/records/payment', payload: { name: 'bad', contract: c.id, amount: 'lots' } });
    expect(bad.statusCode).toBe(422);
    expect(await sums(c.id)).toMatchObject({ count: 1, total: 5 });
  });
});
