import type { TestEngine } from '../support/engine.ts';
import { createObject, createRecord, type ApiRecord } from '../support/record-helpers.ts';
import { adminCreateUser, logIn } from '../access/helpers.ts';

/**
 * A small sales world for the query tests: countries, accounts (in a country, with a hidden field for
 * reps), opportunities (two lookups to account: customer and partner) and tasks (one lookup to an
 * opportunity). A rep reads every opportunity, only the accounts they own, every country, and not
 * `secret` of accounts; an outsider reads opportunities but no account at all.
 */
export interface QueryWorld {
  countries: Record<'cn' | 'fr', ApiRecord>;
  accounts: Record<'acme' | 'globex' | 'initech' | 'hooli', ApiRecord>;
  opportunities: ApiRecord[];
  tasks: ApiRecord[];
  admin: { id: string };
  rep: { id: string; token: string };
  outsider: { id: string; token: string };
}

export const STAGES = ['new', 'won', 'lost'] as const;

export async function seedQueryWorld(t: TestEngine, options: { opportunities?: number } = {}): Promise<QueryWorld> {
  const label = (en: string) => ({ en, 'zh-CN': en });
  await createObject(t, { api_name: 'country', label: label('Country'), fields: [{ api_name: 'code', type: 'text' }] });
  await createObject(t, {
    api_name: 'account',
    label: label('Account'),
    plural_label: label('Accounts'),
    fields: [
      { api_name: 'industry', type: 'text' },
      { api_name: 'secret', type: 'text' },
      { api_name: 'country', type: 'lookup', target: 'country', on_delete: 'set_null' },
      { api_name: 'manager', type: 'user' },
    ],
  });
  await createObject(t, {
    api_name: 'opportunity',
    label: label('Opportunity'),
    plural_label: label('Opportunities'),
    fields: [
      { api_name: 'amount', type: 'decimal', precision: 12, scale: 2 },
      { api_name: 'stage', type: 'picklist', values: STAGES.map((value) => ({ value, label: { en: value } })) },
      { api_name: 'close_date', type: 'date' },
      { api_name: 'notes', type: 'text' },
      { api_name: 'customer', type: 'lookup', target: 'account', on_delete: 'set_null' },
      { api_name: 'partner', type: 'lookup', target: 'account', on_delete: 'set_null' },
    ],
  });
  await createObject(t, {
    api_name: 'task',
    label: label('Task'),
    plural_label: label('Tasks'),
    fields: [{ api_name: 'about', type: 'lookup', target: 'opportunity', on_delete: 'cascade' }],
  });

  const roleRes = await t.request({
    method: 'POST',
    url: '/api/admin/roles',
    payload: {
      api_name: 'rep',
      object_rights: { opportunity: { read: true, edit: true }, account: { read: true }, country: { read: true }, task: { read: true } },
      field_rights: { account: { secret: 'none' } },
      data_scopes: { opportunity: 'all', account: 'self', country: 'all', task: 'all' },
    },
  });
  if (roleRes.statusCode !== 201) throw new Error(roleRes.body);
  const outsiderRole = await t.request({
    method: 'POST',
    url: '/api/admin/roles',
    payload: { api_name: 'outsider', object_rights: { opportunity: { read: true }, task: { read: true } }, data_scopes: { opportunity: 'all', task: 'all' } },
  });
  if (outsiderRole.statusCode !== 201) throw new Error(outsiderRole.body);
  const me = (await t.request({ method: 'GET', url: '/api/auth/me' })).json() as { id: string };
  const repUser = await adminCreateUser(t, { email: `rep@${t.tenant.slug}.test`, name: 'Rita Rep', password: 'rep password 1', roles: ['rep'] });
  const outsiderUser = await adminCreateUser(t, { email: `out@${t.tenant.slug}.test`, name: 'Otto Out', password: 'out password 1', roles: ['outsider'] });
  const rep = { id: repUser.id, token: (await logIn(t, repUser.email, 'rep password 1')).token };
  const outsider = { id: outsiderUser.id, token: (await logIn(t, outsiderUser.email, 'out password 1')).token };

  const countries = {
    cn: await createRecord(t, 'country', { name: 'China', code: 'CN' }),
    fr: await createRecord(t, 'country', { name: 'France', code: 'FR' }),
  };
  // The rep owns acme and globex; initech and hooli are the admin's, so the rep cannot read them.
  const accounts = {
    acme: await createRecord(t, 'account', { name: 'Acme', industry: 'Tech', secret: 's-acme', country: countries.cn.id, owner_id: rep.id, manager: rep.id }),
    globex: await createRecord(t, 'account', { name: 'Globex', industry: 'Energy', secret: 's-globex', country: countries.fr.id, owner_id: rep.id }),
    initech: await createRecord(t, 'account', { name: 'Initech', industry: 'Tech', secret: 's-initech', country: countries.fr.id }),
    hooli: await createRecord(t, 'account', { name: 'Hooli', industry: 'Media', secret: 's-hooli', country: null }),
  };
  const accountList = [accounts.acme, accounts.globex, accounts.initech, accounts.hooli, null];
  const opportunities: ApiRecord[] = [];
  const n = options.opportunities ?? 30;
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  for (let i = 0; i < n; i++) {
    opportunities.push(
      await createRecord(t, 'opportunity', {
        name: i % 6 === 0 ? `北京星辰科技有限公司 ${i}` : `Opportunity ${i} ${['Spring', 'Summer', 'Autumn'][i % 3]}`,
        amount: i % 5 === 0 ? null : i * 100 + 0.25,
        stage: i % 7 === 0 ? null : STAGES[i % 3],
        close_date: i % 4 === 0 ? null : day((i % 9) * 10 - 40),
        notes: i % 3 === 0 ? null : `Call ${['ACME', 'acme corp', 'nobody'][i % 3]} about it`,
        customer: accountList[i % 5]?.id ?? null,
        partner: accountList[(i + 2) % 5]?.id ?? null,
      }),
    );
  }
  const tasks: ApiRecord[] = [];
  for (let i = 0; i < 6; i++) tasks.push(await createRecord(t, 'task', { name: `Task ${i}`, about: opportunities[i % 2]?.id }));
  return { countries, accounts, opportunities, tasks, admin: { id: me.id }, rep, outsider };
}
