import { expect } from 'vitest';
import type { TestEngine } from '../support/engine.ts';
import { createObject, type ApiRecord } from '../support/record-helpers.ts';

/**
 * account ← contract (lookup `account`, cascade) ← payment (lookup `contract`, cascade; lookup `payer`
 * to account, set null). Roll-ups are added field by field by the tests.
 */
export async function createSalesModel(t: TestEngine): Promise<void> {
  await createObject(t, { api_name: 'account', label: { en: 'Account' } });
  await createObject(t, { api_name: 'contract', label: { en: 'Contract' }, fields: [{ api_name: 'account', type: 'lookup', target: 'account', on_delete: 'cascade' }] });
  await createObject(t, {
    api_name: 'payment',
    label: { en: 'Payment' },
    fields: [
      { api_name: 'contract', type: 'lookup', target: 'contract', on_delete: 'cascade' },
      { api_name: 'payer', type: 'lookup', target: 'account', on_delete: 'set_null' },
      { api_name: 'amount', type: 'decimal', precision: 12, scale: 2 },
      { api_name: 'fee', type: 'currency', precision: 12, scale: 2, default_currency: 'CNY' },
      { api_name: 'paid_on', type: 'date' },
      {
        api_name: 'approval_status',
        type: 'picklist',
        values: [
          { value: 'pending', label: { en: 'Pending' } },
          { value: 'approved', label: { en: 'Approved' } },
        ],
      },
    ],
  });
}

export async function addRollup(t: TestEngine, object: string, field: Record<string, unknown>): Promise<{ operations: Array<{ op: string; description: string; sql: string }> }> {
  const res = await t.request({ method: 'POST', url: `/api/meta/objects/${object}/fields`, payload: field });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { operations: Array<{ op: string; description: string; sql: string }> };
}

export async function readRecord(t: TestEngine, object: string, id: string): Promise<ApiRecord> {
  const res = await t.request({ method: 'GET', url: `/api/records/${object}/${id}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as ApiRecord;
}

export async function patch(t: TestEngine, object: string, id: string, payload: Record<string, unknown>): Promise<ApiRecord> {
  const res = await t.request({ method: 'PATCH', url: `/api/records/${object}/${id}`, payload });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as ApiRecord;
}

export async function remove(t: TestEngine, object: string, id: string): Promise<void> {
  const res = await t.request({ method: 'DELETE', url: `/api/records/${object}/${id}` });
  expect(res.statusCode, res.body).toBe(204);
}

export async function restore(t: TestEngine, object: string, id: string): Promise<ApiRecord> {
  const res = await t.request({ method: 'POST', url: `/api/records/${object}/${id}/restore` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as ApiRecord;
}
