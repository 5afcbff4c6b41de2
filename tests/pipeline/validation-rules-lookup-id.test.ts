import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { createObject, createRecord, problemOf } from '../support/record-helpers.ts';

/** A rule may name a lookup's id as `<lookup>.id` (docs/rule-language.md) without reading the looked-up record. */

let t: TestEngine;

beforeAll(async () => {
  t = await startTestEngine();
  await createObject(t, { api_name: 'contract', label: { en: 'Contract' } });
  await createObject(t, {
    api_name: 'invoice',
    label: { en: 'Invoice' },
    fields: [
      { api_name: 'contract', type: 'lookup', target: 'contract' },
      { api_name: 'issued', type: 'boolean' },
    ],
    validation_rules: [
      {
        api_name: 'issued_needs_contract',
        condition: { and: [{ var: 'issued' }, { '!': { var: 'contract.id' } }] },
        message: { en: 'An issued invoice needs its contract' },
        field: 'contract',
        active: true,
      },
    ],
  });
});
afterAll(() => t.close());

describe('a validation rule reading only <lookup>.id', () => {
  it('sees the id of the record the lookup points at', async () => {
    const contract = await createRecord(t, 'contract', { name: 'C-1' });
    const res = await t.request({ method: 'POST', url: '/api/records/invoice', payload: { name: 'I-1', issued: true, contract: contract.id } });
    expect(res.statusCode, res.body).toBe(201);
  });

  it('sees null when the lookup is empty', async () => {
    const res = await t.request({ method: 'POST', url: '/api/records/invoice', payload: { name: 'I-2', issued: true } });
    expect(problemOf(res)).toMatchObject({ status: 422, code: 'validation_failed', errors: [{ field: 'contract', code: 'issued_needs_contract' }] });
  });
});
