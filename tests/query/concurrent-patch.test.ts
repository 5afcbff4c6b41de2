import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { createObject, createRecord, tableRows } from '../support/record-helpers.ts';

/**
 * Two PATCHes of the same version, sent at once over real HTTP connections: one wins, the other gets
 * 412, and the row holds exactly the winner's values — nothing lost, nothing half-written.
 */

let t: TestEngine;
let base: string;

beforeAll(async () => {
  t = await startTestEngine();
  await createObject(t, {
    api_name: 'ticket',
    label: { en: 'Ticket' },
    fields: [
      { api_name: 'subject', type: 'text' },
      { api_name: 'priority', type: 'integer' },
      { api_name: 'notes', type: 'long_text' },
    ],
  });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
}, 60_000);
afterAll(() => t.close());

interface Sent {
  status: number;
  body: Record<string, unknown>;
  type: string;
  values: Record<string, unknown>;
}

async function patch(id: string, version: number, values: Record<string, unknown>): Promise<Sent> {
  const res = await fetch(`${base}/api/records/ticket/${id}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${t.token}`, 'content-type': 'application/json', 'if-match': `"${version}"` },
    body: JSON.stringify(values),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, type: res.headers.get('content-type') ?? '', values };
}

describe('parallel PATCHes with the same If-Match', () => {
  it('one wins with 200, the other gets 412, and the row is exactly the winner’s (20 rounds)', async () => {
    for (let round = 0; round < 20; round++) {
      const record = await createRecord(t, 'ticket', { name: `Ticket ${round}`, subject: 'original', priority: 0, notes: 'original notes' });
      const a = { subject: `A${round}`, priority: round + 1, notes: `notes from A${round}` };
      const b = { name: `B name ${round}`, subject: `B${round}`, priority: -(round + 1), notes: `notes from B${round}` };
      const results = await Promise.all([patch(record.id, record.version, a), patch(record.id, record.version, b)]);
      expect(results.map((r) => r.status).sort(), JSON.stringify(results)).toEqual([200, 412]);
      const winner = results.find((r) => r.status === 200) as Sent;
      const loser = results.find((r) => r.status === 412) as Sent;
      expect(loser.type).toMatch(/^application\/problem\+json/);
      expect(loser.body).toMatchObject({ status: 412, code: 'version_conflict' });
      expect(winner.body).toMatchObject({ ...winner.values, version: record.version + 1 });

      const row = (await tableRows(t, 'ticket')).find((r) => r.id === record.id) as Record<string, unknown>;
      const expectedName = 'name' in winner.values ? winner.values.name : record.name;
      expect({ name: row.name, subject: row.subject, priority: Number(row.priority), notes: row.notes, version: row.version }).toEqual({
        name: expectedName,
        subject: winner.values.subject,
        priority: winner.values.priority,
        notes: winner.values.notes,
        version: record.version + 1,
      });
      // The loser, retrying with the version it now reads, goes through.
      const retry = await patch(record.id, record.version + 1, loser.values);
      expect(retry.status).toBe(200);
      expect(retry.body).toMatchObject({ ...loser.values, version: record.version + 2 });
    }
  }, 60_000);
});
