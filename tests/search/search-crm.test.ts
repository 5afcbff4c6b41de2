import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { CRM_PACKAGE, install } from '../transfer/support.ts';

/** Global search in the CRM seed app with its demo data: people, companies, phones and emails across objects. */

interface SearchBody {
  groups: Array<{ object: string; total: number; items: Array<{ id: string; name: unknown; matched: Record<string, unknown> }> }>;
}

type Sample = Record<string, unknown>;
const sample = (file: string): Sample[] => (JSON.parse(fs.readFileSync(path.join(CRM_PACKAGE, 'sample-data', file), 'utf8')) as { records: Sample[] }).records;
const leads = sample('06-leads.json');
const contacts = sample('05-contacts.json');
const customers = sample('04-customers.json');

let t: TestEngine;

beforeAll(async () => {
  t = await startTestEngine();
  const actorId = (await t.request({ method: 'GET', url: '/api/auth/me' })).json<{ id: string }>().id;
  const report = await install(t.engine.knex, CRM_PACKAGE, { tenant: t.tenant, actorId, today: '2026-03-15' });
  t.engine.models.invalidate(t.tenant.slug, report.metadata.version);
}, 180_000);
afterAll(() => t.close());

async function search(q: string, limit = 50): Promise<SearchBody['groups']> {
  const res = await t.request({ method: 'GET', url: `/api/search?q=${encodeURIComponent(q)}&limit=${limit}` });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as SearchBody).groups;
}

describe('global search over the CRM demo data', () => {
  it('finds a lead by a fragment of its mobile number, typed with other spacing', async () => {
    const lead = leads[0] as { name: string; mobile: string };
    const digits = lead.mobile.replace(/\D/g, '');
    const fragment = `${digits.slice(-8, -4)}-${digits.slice(-4)}`; // "+86 137 9986 2447" → "9986-2447"
    const group = (await search(fragment)).find((g) => g.object === 'lead');
    expect(group?.items).toContainEqual(expect.objectContaining({ name: lead.name, matched: { mobile: lead.mobile } }));
  });

  it('finds a lead by its company (a searchable field besides the name)', async () => {
    const lead = leads[0] as { name: string; company: string };
    const fragment = lead.company.slice(2, 6); // 深圳正泰教育科技有限公司 → 正泰教育
    // Both character pairs (正泰, 教育) somewhere in the lead's searchable text, as search reads it.
    const pairs = [fragment.slice(0, 2), fragment.slice(2, 4)];
    const expected = leads.filter((l) => pairs.every((p) => `${String(l.name)} ${String(l.company)}`.includes(p))).length;
    const group = (await search(fragment)).find((g) => g.object === 'lead');
    expect(group?.total).toBe(expected);
    expect(group?.items.map((i) => i.name)).toContain(lead.name);
  });

  it('finds the contacts of a company by their email domain, and the company by its name', async () => {
    const customer = customers[0] as { name: string; website: string };
    const domain = customer.website.replace(/^https:\/\/www\./, '').split('.')[0] as string; // zhiyuanleasing
    const expectedContacts = contacts.filter((c) => String(c.email ?? '').includes(`@${domain}.`)).length;
    const contactGroup = (await search(domain)).find((g) => g.object === 'contact');
    expect(expectedContacts).toBeGreaterThan(1);
    expect(contactGroup?.total).toBe(expectedContacts);
    for (const item of contactGroup?.items ?? []) expect(String(item.matched.email)).toContain(domain);

    const byName = await search(customer.name.slice(2, 6)); // 济南致远融资租赁有限公司 → 致远融资
    expect(byName.find((g) => g.object === 'customer')?.items.map((i) => i.name)).toContain(customer.name);
  });
});
