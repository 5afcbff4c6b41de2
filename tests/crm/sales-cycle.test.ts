import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestEngine } from '../support/engine.ts';
import type { ApiRecord } from '../support/record-helpers.ts';
import { client, loginAs, refusedBy, sql, sqlCount, startCrm, type DemoUser } from './support.ts';

/**
 * The CRM used through the public API the way a sales team does: 李娜 (a sales rep, zh-CN), 陈明 (her
 * manager), 孙丽 (a service agent), on a fresh tenant with the package and its demo data.
 */
let t: TestEngine;
let rep: DemoUser;
let manager: DemoUser;
let agent: DemoUser;
let asRep: ReturnType<typeof client>;
let asManager: ReturnType<typeof client>;
let asAgent: ReturnType<typeof client>;
let products: ApiRecord[];

/** Today where the demo users are (Asia/Shanghai). */
const shanghaiDate = (offsetDays = 0) => new Date(Date.now() + 8 * 3600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await startCrm();
  [rep, manager, agent] = [await loginAs(t, 'li.na'), await loginAs(t, 'chen.ming'), await loginAs(t, 'sun.li')];
  [asRep, asManager, asAgent] = [client(t, rep.token), client(t, manager.token), client(t, agent.token)];
  products = await asRep.list('product', { filter: JSON.stringify({ '==': [{ var: 'on_sale' }, true] }), sort: 'code', limit: '3' });
}, 300_000);

afterAll(async () => {
  await t.close();
});

describe('a sale from lead to cash', () => {
  let customer: ApiRecord;
  let contact: ApiRecord;
  let opportunity: ApiRecord;
  let contract: ApiRecord;
  let plans: ApiRecord[];

  it('the rep creates a lead and qualifies it; status changes are kept in its history', async () => {
    const lead = await asRep.create('lead', { name: '王强', company: '杭州云栖智能科技有限公司', mobile: '+86 139 0000 1111', source: 'website', rating: 'hot' });
    expect(lead).toMatchObject({ status: 'new', owner_id: rep.id });
    await asRep.update('lead', lead.id, { status: 'contacted' });
    const qualified = await asRep.update('lead', lead.id, { status: 'qualified' });
    expect(qualified.status).toBe('qualified');
    const history = (await t.request({ method: 'GET', url: `/api/records/lead/${lead.id}/history`, token: rep.token })).json<{ items: Array<{ field: string; old_value: unknown; new_value: unknown }> }>().items;
    expect(history.map((h) => [h.field, h.old_value, h.new_value])).toEqual([['status', 'contacted', 'qualified'], ['status', 'new', 'contacted']]);
    // It shows in her "my open leads" view.
    const mine = await asRep.list('lead', { view: 'my_open_leads' });
    expect(mine.map((l) => l.id)).toContain(lead.id);
    expect(mine.every((l) => l.owner_id === rep.id && ['new', 'contacted', 'qualified'].includes(l.status as string))).toBe(true);
  });

  it('creates the customer, the contact and an opportunity whose amount rolls up from its lines', async () => {
    customer = await asRep.create('customer', { name: '杭州云栖智能科技有限公司', level: 'B', industry: 'internet', source: 'website', region: 'east', city: '杭州' });
    contact = await asRep.create('contact', { name: '王强', customer: customer.id, title: 'CTO', mobile: '+86 139 0000 1111', is_decision_maker: true });
    opportunity = await asRep.create('opportunity', { name: '云栖智能 CRM 实施项目', customer: customer.id, contact: contact.id, expected_close_date: shanghaiDate(30) });
    // The stage's probability is the default.
    expect(opportunity).toMatchObject({ stage: 'qualification', probability: 10, amount: 0, owner_id: rep.id });
    const [a, b] = products as [ApiRecord, ApiRecord];
    const line = await asRep.create('opportunity_line', { opportunity: opportunity.id, product: a.id, quantity: 2, unit_price: { amount: 10000 }, discount: 10 });
    expect(line.subtotal).toBe(18000);
    await asRep.create('opportunity_line', { opportunity: opportunity.id, product: b.id, quantity: 5, unit_price: { amount: 1200 } });
    expect((await asRep.get('opportunity', opportunity.id)).amount).toBe(24000);
  });

  it("her opportunity form follows the package's layout, in Chinese", async () => {
    const res = await t.request({ method: 'GET', url: '/api/forms/opportunity?mode=update', token: rep.token });
    expect(res.statusCode, res.body).toBe(200);
    const form = res.json<{ layout: { api_name: string; sections: Array<{ label: string; columns: number; fields: Array<{ field: string; required_if?: unknown }> }> }; uiSchema: Record<string, Record<string, unknown>> }>();
    expect(form.layout.api_name).toBe('standard');
    expect(form.layout.sections.map((s) => [s.label, s.columns])).toEqual([['基本信息', 2], ['财务', 2], ['赢单/输单', 2], ['跟进', 2]]);
    const closing = form.layout.sections[2]?.fields.find((f) => f.field === 'lost_reason');
    expect(closing?.required_if).toEqual({ '==': [{ var: 'stage' }, 'lost'] });
    expect(form.uiSchema.amount?.['ui:readonly']).toBe(true);
  });

  it('moves it through the stages and wins it; a won deal stays won', async () => {
    for (const stage of ['needs_analysis', 'proposal', 'negotiation']) await asRep.update('opportunity', opportunity.id, { stage });
    refusedBy(await asRep.patch('opportunity', opportunity.id, { stage: 'won' }), 'closed_date', 'closed_needs_date');
    const won = await asRep.update('opportunity', opportunity.id, { stage: 'won', probability: 100, closed_date: shanghaiDate() });
    expect(won).toMatchObject({ stage: 'won', amount: 24000 });
    const message = refusedBy(await asRep.patch('opportunity', opportunity.id, { stage: 'negotiation' }), 'stage', 'won_is_final');
    expect(message).toBe('已赢单的商机不能再改回其他阶段');
    const stages = (await t.request({ method: 'GET', url: `/api/records/opportunity/${opportunity.id}/history`, token: rep.token })).json<{ items: Array<{ field: string; new_value: unknown }> }>().items;
    expect(stages.filter((h) => h.field === 'stage').map((h) => h.new_value)).toEqual(['won', 'negotiation', 'proposal', 'needs_analysis']);
    // The won deal is on her pipeline board (a kanban view of opportunities by stage).
    const board = await asRep.list('opportunity', { view: 'my_pipeline' });
    expect(board.find((o) => o.id === opportunity.id)).toMatchObject({ stage: 'won', amount: 24000 });
  });

  it('a contract with a payment plan; the manager approves it', async () => {
    const body = { name: '云栖智能软件及服务采购合同', customer: customer.id, opportunity: opportunity.id, amount: { amount: 24000 }, signed_date: shanghaiDate(), customer_signer: contact.id, approval_status: 'pending' };
    refusedBy(await asRep.post('contract', { ...body, start_date: shanghaiDate(), end_date: shanghaiDate(-1) }), 'end_date', 'end_after_start');
    contract = await asRep.create('contract', { ...body, start_date: shanghaiDate(), end_date: shanghaiDate(365) });
    expect(contract).toMatchObject({ number: expect.stringMatching(/^HT-\d{4}-\d{4}$/), received: 0, unreceived: 24000 });
    // 陈明 sees it among the contracts to approve (his department's), and approves it.
    expect((await asManager.list('contract', { view: 'to_approve' })).map((c) => c.id)).toContain(contract.id);
    await asManager.update('contract', contract.id, { approval_status: 'approved' });
    plans = [];
    for (const [i, days] of [[1, 15], [2, 120]] as const) {
      plans.push(await asRep.create('payment_plan', { contract: contract.id, instalment: i, planned_amount: { amount: 12000 }, planned_date: shanghaiDate(days) }));
    }
    expect(plans.map((p) => [p.status, p.received, p.unreceived])).toEqual([['due', 0, 12000], ['due', 0, 12000]]);
  });

  it('payments: approved ones count as received, pending ones do not; nothing above the unreceived amount', async () => {
    const [plan1, plan2] = plans as [ApiRecord, ApiRecord];
    const base = { customer: customer.id, contract: contract.id, method: 'bank_transfer' };
    const first = await asRep.create('payment', { ...base, payment_plan: plan1.id, amount: { amount: 10000 }, approval_status: 'approved' });
    expect(first.payment_date).toBe(shanghaiDate()); // default: today
    expect(await asRep.get('contract', contract.id)).toMatchObject({ received: 10000, unreceived: 14000 });
    expect(await asRep.get('payment_plan', plan1.id)).toMatchObject({ received: 10000, unreceived: 2000 });

    const second = await asRep.create('payment', { ...base, payment_plan: plan2.id, amount: { amount: 5000 }, approval_status: 'pending' });
    expect(await asRep.get('contract', contract.id)).toMatchObject({ received: 10000, unreceived: 14000 });

    const message = refusedBy(await asRep.post('payment', { ...base, payment_plan: plan2.id, amount: { amount: 14000.01 }, approval_status: 'pending' }), 'amount', 'not_above_unreceived');
    expect(message).toBe('回款金额不能大于合同的未回款金额');
    await asManager.update('payment', second.id, { approval_status: 'approved' });
    expect(await asRep.get('contract', contract.id)).toMatchObject({ received: 15000, unreceived: 9000 });

    // An approved payment is edited: its own amount is already in "received", so it does not block itself —
    // 12,000 is above the 9,000 unreceived, but within 9,000 + its former 10,000.
    await asManager.update('payment', first.id, { amount: { amount: 12000 } });
    expect(await asRep.get('contract', contract.id)).toMatchObject({ received: 17000, unreceived: 7000 });
    await asManager.update('payment', first.id, { remark: '银行回单已核对' });
    refusedBy(await asManager.patch('payment', first.id, { amount: { amount: 19000.01 } }), 'amount', 'not_above_unreceived');
    // The contract cannot be cut below what was received.
    refusedBy(await asManager.patch('contract', contract.id, { amount: { amount: 16999 } }), 'amount', 'amount_not_below_received');
    // Rejecting a payment takes it out of "received".
    await asManager.update('payment', second.id, { approval_status: 'rejected' });
    expect(await asRep.get('contract', contract.id)).toMatchObject({ received: 12000, unreceived: 12000 });
    expect(await asRep.get('payment_plan', plan2.id)).toMatchObject({ received: 0, unreceived: 12000 });
  });

  it('a service agent raises a ticket and resolves it', async () => {
    const ticket = await asAgent.create('ticket', { subject: '登录后首页加载缓慢', customer: customer.id, contact: contact.id, priority: 'high', category: 'malfunction', channel: 'phone' });
    expect(ticket).toMatchObject({ status: 'new', number: expect.stringMatching(/^GD-\d{4}-\d{5}$/), resolved_at: null });
    // SLA due: 8 hours for a high-priority ticket.
    const hours = (Date.parse(ticket.sla_due_at as string) - Date.parse(ticket.created_at as string)) / 3600_000;
    expect(hours).toBeGreaterThan(7.99);
    expect(hours).toBeLessThan(8.01);
    refusedBy(await asAgent.patch('ticket', ticket.id, { status: 'assigned' }), 'assignee', 'assigned_needs_assignee');
    await asAgent.update('ticket', ticket.id, { status: 'in_progress', assignee: agent.id, first_response_at: new Date().toISOString() });
    expect((await asAgent.list('ticket', { view: 'my_open_tickets' })).map((x) => x.id)).toContain(ticket.id);
    refusedBy(await asAgent.patch('ticket', ticket.id, { satisfaction: 'satisfied' }), 'satisfaction', 'satisfaction_after_resolution');
    refusedBy(await asAgent.patch('ticket', ticket.id, { status: 'resolved' }), 'resolved_at', 'resolved_needs_time');
    const resolved = await asAgent.update('ticket', ticket.id, { status: 'resolved', resolved_at: new Date().toISOString(), satisfaction: 'satisfied' });
    expect(resolved.status).toBe('resolved');
    expect((await asAgent.list('ticket', { view: 'my_open_tickets' })).map((x) => x.id)).not.toContain(ticket.id);
    // A ticket logged as already resolved gets its resolution time by default.
    const logged = await asAgent.create('ticket', { subject: '咨询发票抬头修改', customer: customer.id, status: 'resolved', assignee: agent.id });
    expect(logged.resolved_at).toEqual(expect.any(String));
  });

  it('the rep logs a follow-up; its next date defaults to a week later', async () => {
    const note = await asRep.create('follow_up', { type: 'call', content: '电话沟通上线计划', customer: customer.id, opportunity: opportunity.id });
    expect(note.next_follow_up_date).toBe(shanghaiDate(7));
    expect(note.followed_up_at).toEqual(expect.any(String));
    const none = await asRep.create('follow_up', { type: 'visit', content: '上门拜访', customer: customer.id, next_follow_up_date: null });
    expect(none.next_follow_up_date).toBeNull();
  });
});

describe('the demo data with its roll-ups and formulas', () => {
  it('every roll-up agrees with the records it summarises', async () => {
    const wrong = async (label: string, text: string) => expect(await sql(t, text), label).toEqual([]);
    await wrong('opportunity.amount', `select o.id from {opportunity} o where o.amount <> coalesce((select round(sum(l.quantity * l.unit_price * (1 - l.discount / 100)), 2) from {opportunity_line} l where l.opportunity = o.id and l.deleted_at is null), 0)`);
    await wrong('quote.amount', `select q.id from {quote} q where q.amount <> coalesce((select round(sum(l.quantity * l.unit_price * (1 - l.discount / 100)), 2) from {quote_line} l where l.quote = q.id and l.deleted_at is null), 0)`);
    await wrong('contract.received', `select c.id from {contract} c where c.received <> coalesce((select sum(p.amount) from {payment} p where p.contract = c.id and p.approval_status = 'approved' and p.deleted_at is null), 0)`);
    await wrong('payment_plan.received', `select pp.id from {payment_plan} pp where pp.received <> coalesce((select sum(p.amount) from {payment} p where p.payment_plan = pp.id and p.approval_status = 'approved' and p.deleted_at is null), 0)`);
    await wrong('campaign.number_of_leads', `select c.id from {campaign} c where c.number_of_leads <> (select count(*) from {lead} l where l.campaign = c.id and l.deleted_at is null)`);
    expect(await sqlCount(t, `select count(*)::int as n from {contract} where received > 0`)).toBeGreaterThan(50);
    // Through the API: unreceived = amount − received, and no approved contract is overpaid.
    const contracts = await client(t).list('contract', { filter: JSON.stringify({ '>': [{ var: 'received' }, 0] }) });
    expect(contracts.length).toBeGreaterThan(50);
    for (const c of contracts) {
      expect(c.unreceived).toBeCloseTo((c.amount as { amount: number }).amount - (c.received as number), 2);
      expect(c.unreceived as number).toBeGreaterThanOrEqual(0);
    }
  });
});

describe('validation rules refuse what they should (422 naming the field)', () => {
  /** Demo records as the admin sees them, by SQL. */
  const demo = async (object: string, where = 'true') => (await sql<{ id: string }>(t, `select id from {${object}} where ${where} order by id limit 1`))[0]?.id as string;
  const admin = () => client(t);

  it('messages follow the user: zh-CN for 李娜, English for the admin', async () => {
    const zh = refusedBy(await asRep.post('lead', { name: '无联系方式' }), 'mobile', 'contact_info_required');
    expect(zh).toBe('线索至少需要填写电话、手机或邮箱之一');
    const en = refusedBy(await admin().post('lead', { name: 'No way to reach' }), 'mobile', 'contact_info_required');
    expect(en).toBe('A lead needs a phone, a mobile or an email address');
  });

  type Row = Record<string, string>;
  /** Another record of `object` whose `column` differs from `value` (a contact of another customer…). */
  const other = (object: string, column: string, value: string | undefined) => demo(object, `${column} <> '${value}'`);
  /** object, rule (= error code), field, which demo record (SQL condition), the change that breaks the rule. */
  const cases: Array<[string, string, string, string, (row: Row) => Record<string, unknown> | Promise<Record<string, unknown>>]> = [
    ['lead', 'converted_is_final', 'status', "status = 'converted'", () => ({ status: 'contacted' })],
    ['customer', 'not_own_parent', 'parent_customer', 'true', (row) => ({ parent_customer: row.id })],
    ['customer', 'pool_entry_time', 'pool_entered_at', 'not in_pool', () => ({ in_pool: true, pool_entered_at: null })],
    ['contact', 'mobile_or_email', 'mobile', 'true', () => ({ mobile: null, phone: null, email: null })],
    ['opportunity', 'lost_needs_reason', 'lost_reason', "stage = 'negotiation'", () => ({ stage: 'lost', closed_date: '2026-01-05' })],
    ['opportunity', 'closed_needs_date', 'closed_date', "stage = 'proposal'", () => ({ stage: 'lost', lost_reason: 'price' })],
    ['opportunity', 'won_is_final', 'stage', "stage = 'won'", () => ({ stage: 'negotiation' })],
    ['opportunity', 'contact_of_customer', 'contact', 'true', async (row) => ({ contact: await other('contact', 'customer', row.customer) })],
    ['opportunity_line', 'quantity_positive', 'quantity', 'true', () => ({ quantity: 0 })],
    ['quote', 'valid_after_quote_date', 'valid_until', 'quote_date is not null', () => ({ quote_date: '2026-05-10', valid_until: '2026-05-09' })],
    ['quote', 'opportunity_of_customer', 'opportunity', 'opportunity is not null', async (row) => ({ opportunity: await other('opportunity', 'customer', row.customer) })],
    ['quote_line', 'quantity_positive', 'quantity', 'true', () => ({ quantity: 0 })],
    ['contract', 'end_after_start', 'end_date', 'start_date is not null', () => ({ start_date: '2026-06-01', end_date: '2026-06-01' })],
    ['contract', 'amount_positive', 'amount', 'true', () => ({ amount: { amount: 0 } })],
    ['contract', 'amount_not_below_received', 'amount', 'received > 1', () => ({ amount: { amount: 1 } })],
    ['contract', 'opportunity_of_customer', 'opportunity', 'opportunity is not null', async (row) => ({ opportunity: await other('opportunity', 'customer', row.customer) })],
    ['contract', 'signer_of_customer', 'customer_signer', 'customer_signer is not null', async (row) => ({ customer_signer: await other('contact', 'customer', row.customer) })],
    ['payment_plan', 'amount_positive', 'planned_amount', 'true', () => ({ planned_amount: { amount: 0 } })],
    ['payment', 'not_above_unreceived', 'amount', "approval_status = 'pending'", () => ({ amount: { amount: 99_999_999 } })],
    ['payment', 'amount_positive', 'amount', 'true', () => ({ amount: { amount: 0 } })],
    ['payment', 'customer_of_contract', 'customer', 'true', async (row) => ({ customer: await other('customer', 'id', row.customer) })],
    ['payment', 'plan_of_contract', 'payment_plan', 'payment_plan is not null', async (row) => ({ payment_plan: await other('payment_plan', 'contract', row.contract) })],
    ['invoice', 'not_above_contract', 'amount', 'true', () => ({ amount: { amount: 99_999_999 } })],
    ['invoice', 'amount_positive', 'amount', 'true', () => ({ amount: { amount: 0 } })],
    ['invoice', 'customer_of_contract', 'customer', 'true', async (row) => ({ customer: await other('customer', 'id', row.customer) })],
    ['follow_up', 'needs_related_record', 'customer', 'true', () => ({ lead: null, customer: null, contact: null, opportunity: null, contract: null })],
    ['ticket', 'resolved_needs_time', 'resolved_at', "status = 'closed'", () => ({ resolved_at: null })],
    ['ticket', 'assigned_needs_assignee', 'assignee', "status = 'in_progress'", () => ({ assignee: null })],
    ['ticket', 'satisfaction_after_resolution', 'satisfaction', "status = 'waiting'", () => ({ satisfaction: 'neutral' })],
    ['ticket', 'contact_of_customer', 'contact', 'customer is not null and contact is not null', async (row) => ({ contact: await other('contact', 'customer', row.customer) })],
    ['knowledge_article', 'published_needs_body', 'body', "status = 'published'", () => ({ body: null })],
    ['campaign', 'end_after_start', 'end_date', 'start_date is not null', () => ({ start_date: '2026-05-10', end_date: '2026-05-01' })],
  ];

  it.each(cases)('%s.%s', async (object, code, field, where, change) => {
    const id = await demo(object, where);
    expect(id, `a demo ${object} where ${where}`).toBeTruthy();
    const [row] = await sql<Row>(t, `select * from {${object}} where id = ?`, [id]);
    const patch = await change(row as Row);
    const before = await admin().get(object, id);
    refusedBy(await admin().patch(object, id, patch), field, code);
    // Nothing was written.
    expect((await admin().get(object, id)).version).toBe(before.version);
  });

  it('opportunity.won_needs_amount: a deal without products cannot be marked won', async () => {
    const [row] = await sql<Row>(t, `select customer from {opportunity} limit 1`);
    const bare = await admin().create('opportunity', { name: 'No products yet', customer: row?.customer, stage: 'negotiation' });
    expect(bare).toMatchObject({ amount: 0, probability: 75 });
    refusedBy(await admin().patch('opportunity', bare.id, { stage: 'won', closed_date: '2026-01-05' }), 'amount', 'won_needs_amount');
  });
});

describe('who sees what', () => {
  const salesEast = async () => (await sql<{ id: string }>(t, `select u.id from {_users} u join {_departments} d on d.id = u.department_id where d.name = '销售一部 Sales East'`)).map((u) => u.id);

  it.each(['lead', 'customer', 'contact', 'opportunity', 'contract', 'payment', 'follow_up'])('the rep sees only her own %s records', async (object) => {
    const own = await sqlCount(t, `select count(*)::int as n from {${object}} where owner_id = ? and deleted_at is null`, [rep.id]);
    const all = await sqlCount(t, `select count(*)::int as n from {${object}} where deleted_at is null`);
    expect(own).toBeGreaterThan(0);
    expect(own).toBeLessThan(all);
    expect(await asRep.count(object)).toBe(own);
    expect((await asRep.list(object, { limit: '200' })).every((r) => r.owner_id === rep.id)).toBe(true);
  });

  it.each(['lead', 'customer', 'opportunity', 'contract', 'payment_plan'])("the manager sees his department's %s records", async (object) => {
    const team = await salesEast();
    const expected = await sqlCount(t, `select count(*)::int as n from {${object}} where owner_id = any(?::uuid[]) and deleted_at is null`, [team]);
    const all = await sqlCount(t, `select count(*)::int as n from {${object}} where deleted_at is null`);
    expect(expected).toBeGreaterThan(0);
    expect(expected).toBeLessThan(all);
    expect(await asManager.count(object)).toBe(expected);
  });

  it("today's follow-ups and overdue payment plans list what the demo data says", async () => {
    const today = shanghaiDate();
    const due = await sqlCount(t, `select count(*)::int as n from {follow_up} where owner_id = ? and next_follow_up_date = ? and deleted_at is null`, [rep.id, today]);
    const listed = await asRep.list('follow_up', { view: 'todays_follow_ups' });
    expect(listed).toHaveLength(due);
    expect(listed.every((f) => f.next_follow_up_date === today && f.owner_id === rep.id)).toBe(true);
    const team = await salesEast();
    const overdue = await sqlCount(
      t,
      `select count(*)::int as n from {payment_plan} where owner_id = any(?::uuid[]) and status in ('due', 'partly_paid', 'overdue') and planned_date < ? and deleted_at is null`,
      [team, today],
    );
    expect(overdue).toBeGreaterThan(0);
    const plans = await asManager.list('payment_plan', { view: 'overdue' });
    expect(plans).toHaveLength(overdue);
    expect(plans.every((p) => (p.planned_date as string) < today)).toBe(true);
  });

  it('the kanban views group opportunities by stage (summing the amount) and tickets by status', async () => {
    const meta = (await t.request({ method: 'GET', url: '/api/meta/objects/opportunity' })).json<{ list_views: Array<{ api_name: string; kanban?: unknown }> }>();
    expect(meta.list_views.find((v) => v.api_name === 'pipeline')?.kanban).toEqual({ group_by: 'stage', card_fields: ['customer', 'amount', 'expected_close_date', 'owner_id'], sum_field: 'amount' });
    const ticketMeta = (await t.request({ method: 'GET', url: '/api/meta/objects/ticket' })).json<{ list_views: Array<{ api_name: string; kanban?: { group_by: string } }> }>();
    expect(ticketMeta.list_views.find((v) => v.api_name === 'ticket_board')?.kanban?.group_by).toBe('status');
    // The manager's pipeline: what the board sums per stage equals the demo data's lines.
    const team = await salesEast();
    const expected = await sql<{ stage: string; total: string }>(
      t,
      `select o.stage, round(sum(l.quantity * l.unit_price * (1 - coalesce(l.discount, 0) / 100)), 2)::text as total
         from {opportunity} o join {opportunity_line} l on l.opportunity = o.id and l.deleted_at is null
        where o.owner_id = any(?::uuid[]) and o.stage <> 'lost' and o.deleted_at is null group by o.stage`,
      [team],
    );
    const pipeline = await asManager.list('opportunity', { view: 'pipeline' });
    for (const { stage, total } of expected) {
      const sum = pipeline.filter((o) => o.stage === stage).reduce((s, o) => s + Number(o.amount), 0);
      expect(sum, stage).toBeCloseTo(Number(total), 1);
    }
  });
});
