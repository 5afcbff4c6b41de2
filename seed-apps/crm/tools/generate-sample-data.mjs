#!/usr/bin/env node
// Writes seed-apps/crm/sample-data/*.json: the CRM demo company, deterministic (fixed seed), so the same
// records come out on every run and tests can rely on them. Dates are offsets from the install date
// ({"$date": -30} is 30 days before it), spread over the 18 months before it (and a few months after,
// for plans and expected close dates). Run: node seed-apps/crm/tools/generate-sample-data.mjs
import fs from 'node:fs';
import path from 'node:path';
import * as N from './names.mjs';
import { PRODUCTS, FOLLOW_UP_NOTES, TICKET_SUBJECTS, TASK_SUBJECTS, ARTICLES, CAMPAIGNS } from './texts.mjs';

const SEED = 20240607;
const OUT = path.join(import.meta.dirname, '..', 'sample-data');
const HISTORY_DAYS = 548; // about 18 months

// mulberry32: a small deterministic PRNG.
let state = SEED >>> 0;
function random() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (min, max) => min + Math.floor(random() * (max - min + 1));
const pick = (list) => list[Math.floor(random() * list.length)];
const chance = (p) => random() < p;
/** Picks from [value, weight] pairs. */
function weighted(pairs) {
  const total = pairs.reduce((a, [, w]) => a + w, 0);
  let r = random() * total;
  for (const [value, w] of pairs) if ((r -= w) < 0) return value;
  return pairs[pairs.length - 1][0];
}
const pad = (n, width) => String(n).padStart(width, '0');
const money = (amount) => ({ amount: Math.round(amount * 100) / 100 });
const ref = (key) => ({ $ref: key });
const day = (offset) => ({ $date: offset });
const at = (offset, hour = int(9, 18), minute = pick([0, 10, 15, 20, 30, 40, 45, 50])) => ({ $datetime: { days: offset, time: `${pad(hour, 2)}:${pad(minute, 2)}+08:00` } });

// ---------------------------------------------------------------- the company: departments and users
const departments = [
  { $key: 'dept-sales-1', name: '销售一部 Sales East' },
  { $key: 'dept-sales-2', name: '销售二部 Sales North' },
  { $key: 'dept-service', name: '客户服务部 Customer Service' },
];
const DOMAIN = 'demo.tessera.local';
const users = [
  { $key: 'user-chen-ming', name: '陈明', email: `chen.ming@${DOMAIN}`, phone: '+86 138 1001 0001', department_id: ref('dept-sales-1'), roles: ['sales_manager'], locale: 'zh-CN', time_zone: 'Asia/Shanghai' },
  { $key: 'user-li-na', name: '李娜', email: `li.na@${DOMAIN}`, phone: '+86 138 1001 0002', department_id: ref('dept-sales-1'), manager_id: ref('user-chen-ming'), roles: ['sales_rep'], locale: 'zh-CN', time_zone: 'Asia/Shanghai' },
  { $key: 'user-david-miller', name: 'David Miller', email: `david.miller@${DOMAIN}`, phone: '+86 138 1001 0003', department_id: ref('dept-sales-1'), manager_id: ref('user-chen-ming'), roles: ['sales_rep'], locale: 'en', time_zone: 'Asia/Shanghai' },
  { $key: 'user-liu-yang', name: '刘洋', email: `liu.yang@${DOMAIN}`, phone: '+86 139 2002 0001', department_id: ref('dept-sales-2'), roles: ['sales_manager'], locale: 'zh-CN', time_zone: 'Asia/Shanghai' },
  { $key: 'user-zhao-lei', name: '赵磊', email: `zhao.lei@${DOMAIN}`, phone: '+86 139 2002 0002', department_id: ref('dept-sales-2'), manager_id: ref('user-liu-yang'), roles: ['sales_rep'], locale: 'zh-CN', time_zone: 'Asia/Shanghai' },
  { $key: 'user-emily-zhou', name: 'Emily Zhou', email: `emily.zhou@${DOMAIN}`, phone: '+86 139 2002 0003', department_id: ref('dept-sales-2'), manager_id: ref('user-liu-yang'), roles: ['sales_rep'], locale: 'en', time_zone: 'Asia/Shanghai' },
  { $key: 'user-sun-li', name: '孙丽', email: `sun.li@${DOMAIN}`, phone: '+86 137 3003 0001', department_id: ref('dept-service'), roles: ['service_agent'], locale: 'zh-CN', time_zone: 'Asia/Shanghai' },
  { $key: 'user-michael-wang', name: 'Michael Wang', email: `michael.wang@${DOMAIN}`, phone: '+86 137 3003 0002', department_id: ref('dept-service'), manager_id: ref('user-sun-li'), roles: ['service_agent'], locale: 'en', time_zone: 'Asia/Shanghai' },
];
/** Sales owners, reps weighted above managers. */
const SALES = [['user-li-na', 3], ['user-david-miller', 3], ['user-zhao-lei', 3], ['user-emily-zhou', 3], ['user-chen-ming', 1], ['user-liu-yang', 1]];
const SERVICE = ['user-sun-li', 'user-michael-wang'];

// ---------------------------------------------------------------- people and companies
function chinesePerson() {
  const [surname, sPinyin] = pick(N.SURNAMES);
  const male = chance(0.55);
  const [given, gPinyin] = pick(male ? N.MALE_GIVEN : N.FEMALE_GIVEN);
  return { name: surname + given, local: `${sPinyin}.${gPinyin}`, gender: male ? 'male' : 'female' };
}
function englishPerson() {
  const male = chance(0.5);
  const first = pick(male ? N.EN_FIRST_MALE : N.EN_FIRST_FEMALE);
  const last = pick(N.EN_LAST);
  return { name: `${first} ${last}`, local: `${first}.${last}`.toLowerCase(), gender: male ? 'male' : 'female' };
}
const mobile = () => `+86 1${pick(['38', '39', '36', '37', '50', '51', '58', '86', '88', '89'])} ${pad(int(0, 9999), 4)} ${pad(int(0, 9999), 4)}`;
const landline = (area) => (area.startsWith('+') ? `${area} ${pad(int(1000, 9999), 4)} ${pad(int(0, 9999), 4)}` : `${area}-${int(5, 8)}${pad(int(0, 9999999), 7)}`);

const usedCompanies = new Set();
function company(region, industry) {
  for (;;) {
    const [city, area] = pick(N.CITIES[region]);
    if (region === 'overseas') {
      const [kind, kindIndustry] = pick(N.EN_COMPANY_KINDS);
      const word = pick(N.EN_COMPANY_WORDS);
      const name = `${word} ${kind} ${city === 'Hong Kong' ? 'Limited' : city === 'Frankfurt' ? 'GmbH' : city === 'Tokyo' ? 'K.K.' : 'Pte. Ltd.'}`;
      if (usedCompanies.has(name)) continue;
      usedCompanies.add(name);
      const domain = `${word.toLowerCase().replace(/\s+/g, '')}-${kind.toLowerCase()}.com`;
      return { name, short: `${word} ${kind}`, city, area, industry: kindIndustry, domain, address: `${int(1, 300)} ${pick(N.EN_ROADS)}, ${city}` };
    }
    const [brand, brandPinyin] = pick(N.BRANDS);
    const [term, termPinyin] = pick(N.INDUSTRY_TERMS[industry]);
    const cityName = city;
    const name = industry === 'government' ? `${cityName}${term}` : `${cityName}${brand}${term}${chance(0.15) ? '股份有限公司' : '有限公司'}`;
    if (usedCompanies.has(name)) continue;
    usedCompanies.add(name);
    const short = industry === 'government' ? `${cityName}${term}` : `${brand}${term}`;
    const domain = `${brandPinyin}${termPinyin}.com.cn`;
    return { name, short, city: cityName, area, industry, domain, address: `${cityName}市${pick(N.ROADS)}${int(1, 999)}号` };
  }
}

const REGIONS = [['east', 34], ['north', 18], ['south', 20], ['central', 9], ['southwest', 8], ['northwest', 4], ['northeast', 4], ['overseas', 3]];
const INDUSTRIES = [['internet', 16], ['manufacturing', 22], ['finance', 8], ['retail', 12], ['education', 7], ['healthcare', 9], ['real_estate', 7], ['logistics', 8], ['energy', 5], ['government', 3], ['other', 3]];
const SOURCES = [['website', 20], ['referral', 18], ['trade_show', 12], ['advertising', 8], ['cold_call', 12], ['social_media', 12], ['campaign', 10], ['partner', 6], ['other', 2]];

// ---------------------------------------------------------------- catalogue and campaigns
const products = PRODUCTS.map((p, i) => ({ $key: `prod-${pad(i + 1, 3)}`, name: p.name, code: p.code, category: p.category, unit: p.unit, list_price: money(p.price), on_sale: p.onSale ?? true, description: p.description }));
const campaigns = CAMPAIGNS.map((c, i) => {
  const start = c.start;
  const end = start + c.days;
  const status = end < 0 ? 'completed' : start > 0 ? 'planned' : 'in_progress';
  return { $key: `camp-${pad(i + 1, 2)}`, name: c.name, type: c.type, status: c.cancelled ? 'cancelled' : status, start_date: day(start), end_date: day(end), budget: money(c.budget), ...(end < 0 && !c.cancelled ? { actual_cost: money(Math.round(c.budget * (0.8 + random() * 0.35))) } : {}), expected_revenue: money(c.budget * int(4, 12)), description: c.description, owner_id: ref(pick(['user-chen-ming', 'user-liu-yang'])) };
});

// ---------------------------------------------------------------- customers and contacts
const customers = [];
const contacts = [];
for (let i = 1; i <= 500; i++) {
  const region = weighted(REGIONS);
  const c = company(region, weighted(INDUSTRIES));
  const key = `cust-${pad(i, 3)}`;
  const inPool = chance(0.07);
  const owner = weighted(SALES);
  const lastFollow = -int(0, 200);
  const record = {
    $key: key,
    name: c.name,
    industry: c.industry,
    level: weighted([['A', 10], ['B', 30], ['C', 40], ['D', 20]]),
    source: weighted(SOURCES),
    region,
    city: c.city,
    address: c.address,
    website: `https://www.${c.domain}`,
    phone: landline(c.area),
    deal_status: 'not_closed',
    last_follow_up_at: at(lastFollow),
    next_follow_up_date: day(inPool ? lastFollow + 30 : pick([0, 0, 1, 2, 3, 5, 7, 10, 14, 21, 30, -3, -7])),
    in_pool: inPool,
    owner_id: inPool ? null : ref(owner),
    ...(inPool ? { pool_entered_at: at(-int(1, 120)), previous_owner: ref(owner) } : {}),
  };
  // A few customers are subsidiaries of an earlier customer (a group).
  if (i > 40 && chance(0.05)) record.parent_customer = ref(`cust-${pad(int(1, 40), 3)}`);
  customers.push({ record, company: c, owner: inPool ? null : owner, poolOwner: owner });
  const count = weighted([[1, 9], [2, 24], [3, 35], [4, 21], [5, 11]]);
  for (let j = 1; j <= count; j++) {
    const person = region === 'overseas' || chance(0.08) ? englishPerson() : chinesePerson();
    const contactKey = `cont-${pad(contacts.length + 1, 4)}`;
    if (j === 1) record.primary_contact = ref(contactKey);
    contacts.push({
      $key: contactKey,
      name: person.name,
      customer: ref(key),
      title: j === 1 ? pick(['总经理', 'CIO', '信息部经理', '采购总监', 'IT Director', '副总裁']) : pick(['采购经理', '财务经理', 'IT 主管', '销售总监', '行政经理', 'Project Manager', '运营总监', '技术工程师']),
      department: pick(['信息部', '采购部', '财务部', '总经办', '运营部', 'IT']),
      mobile: mobile(),
      phone: landline(c.area),
      email: `${person.local}${chance(0.2) ? int(1, 99) : ''}@${c.domain}`,
      ...(chance(0.5) ? { wechat: `wx_${person.local.replace('.', '_')}${int(10, 999)}` } : {}),
      is_decision_maker: j === 1 || chance(0.15),
      gender: person.gender,
      ...(chance(0.4) ? { birthday: `${int(1965, 1998)}-${pad(int(1, 12), 2)}-${pad(int(1, 28), 2)}` } : {}),
      owner_id: ref(owner),
    });
  }
}
const contactsOf = (customerKey) => contacts.filter((c) => c.customer.$ref === customerKey);

// ---------------------------------------------------------------- leads
const LEAD_STATUS = [['new', 25], ['contacted', 30], ['qualified', 15], ['unqualified', 15], ['converted', 15]];
const leads = [];
for (let i = 1; i <= 300; i++) {
  const region = weighted(REGIONS);
  const c = company(region, weighted(INDUSTRIES));
  const person = region === 'overseas' || chance(0.1) ? englishPerson() : chinesePerson();
  const status = weighted(LEAD_STATUS);
  const source = weighted(SOURCES);
  const touched = status !== 'new';
  const last = -int(0, HISTORY_DAYS);
  leads.push({
    $key: `lead-${pad(i, 3)}`,
    name: person.name,
    company: c.name,
    title: pick(['总经理', '采购经理', 'IT 经理', '信息总监', '运营主管', 'CTO', 'Head of IT', 'Procurement Manager']),
    phone: landline(c.area),
    mobile: mobile(),
    email: `${person.local}@${c.domain}`,
    source,
    industry: c.industry,
    status,
    rating: weighted([['hot', 2], ['warm', 5], ['cold', 3]]),
    ...(source === 'campaign' || source === 'trade_show' ? { campaign: ref(pick(campaigns.filter((x) => x.status !== 'planned')).$key) } : {}),
    address: c.address,
    ...(touched ? { last_follow_up_at: at(Math.max(last, -HISTORY_DAYS)) } : {}),
    ...(['new', 'contacted', 'qualified'].includes(status) ? { next_follow_up_date: day(pick([0, 0, 1, 2, 3, 7, 14, -1, -5])) } : {}),
    owner_id: ref(weighted(SALES.filter(([u]) => !['user-chen-ming', 'user-liu-yang'].includes(u)))),
  });
}

// ---------------------------------------------------------------- opportunities, lines, quotes
const STAGES = [['qualification', 60, 10], ['needs_analysis', 70, 25], ['proposal', 70, 50], ['negotiation', 50, 75], ['won', 100, 100], ['lost', 50, 0]];
const stageList = STAGES.flatMap(([stage, n]) => Array.from({ length: n }, () => stage));
const opportunities = [];
const lines = [];
const quotes = [];
const quoteLines = [];
const owned = customers.filter((c) => c.owner);
const LINES_OF = new Map();
for (let i = 1; i <= stageList.length; i++) {
  const stage = stageList[(i * 7919) % stageList.length]; // spread the stages over the list
  const customer = pick(owned);
  const ck = customer.record.$key;
  const contact = pick(contactsOf(ck));
  const key = `opp-${pad(i, 3)}`;
  const closed = stage === 'won' || stage === 'lost';
  const closedOn = -int(1, HISTORY_DAYS - 30);
  const productLine = pick(['CRM 实施', 'ERP 升级', '数据分析平台', '移动外勤', '服务器扩容', '年度维保续约', '系统集成', 'CRM rollout', 'BI dashboard']);
  const probability = STAGES.find(([s]) => s === stage)[2];
  const record = {
    $key: key,
    name: `${customer.company.short} ${productLine}项目`.replace('项目项目', '项目'),
    customer: ref(ck),
    contact: ref(contact.$key),
    stage,
    probability,
    expected_close_date: day(closed ? closedOn : int(-20, 150)),
    ...(closed ? { closed_date: day(closedOn) } : {}),
    ...(stage === 'lost' ? { lost_reason: weighted([['price', 4], ['competitor', 4], ['no_budget', 2], ['no_decision', 2], ['product_fit', 1], ['timing', 1], ['other', 1]]) } : {}),
    ...(stage === 'won' ? { close_note: pick(['客户认可方案与服务团队，价格在预算内。', '与竞品比拼后胜出，关键是本地化实施能力。', 'Won on integration capabilities and references.', '老客户增购，续约顺利。']) } : {}),
    ...(stage === 'lost' ? { close_note: pick(['客户最终选择了价格更低的方案。', '项目预算被冻结，明年再议。', 'Customer chose a global vendor already in use at HQ.']) } : {}),
    source: customer.record.source,
    ...(chance(0.15) ? { campaign: ref(pick(campaigns).$key) } : {}),
    last_follow_up_at: at(closed ? closedOn : -int(0, 60)),
    ...(closed ? {} : { next_follow_up_date: day(pick([0, 1, 2, 3, 5, 7, 10, -2, -6])) }),
    owner_id: ref(customer.owner),
  };
  opportunities.push({ record, customer, stage, closedOn });
  const n = weighted([[1, 30], [2, 35], [3, 25], [4, 10]]);
  const chosen = new Set();
  const oppLines = [];
  while (chosen.size < n) chosen.add(int(0, PRODUCTS.length - 1));
  for (const p of chosen) {
    const product = PRODUCTS[p];
    const quantity = product.unit === 'user_year' ? int(10, 200) : product.unit === 'person_day' ? int(5, 60) : int(1, product.price > 50000 ? 2 : 10);
    const discount = pick([0, 0, 0, 5, 8, 10, 12, 15, 20]);
    const line = { opportunity: ref(key), product: ref(`prod-${pad(p + 1, 3)}`), quantity, unit_price: money(product.price), discount, owner_id: ref(customer.owner) };
    lines.push(line);
    oppLines.push({ product: p, quantity, price: product.price, discount });
  }
  LINES_OF.set(key, oppLines);
  if (['proposal', 'negotiation', 'won', 'lost'].includes(stage) && chance(0.45)) {
    const qKey = `quote-${pad(quotes.length + 1, 3)}`;
    const quoted = closed ? closedOn - int(5, 30) : -int(1, 45);
    quotes.push({
      $key: qKey,
      name: `${customer.company.short} ${productLine}报价`,
      customer: ref(ck),
      contact: ref(contact.$key),
      opportunity: ref(key),
      quote_date: day(quoted),
      valid_until: day(quoted + 30),
      status: stage === 'won' ? 'accepted' : stage === 'lost' ? 'rejected' : quoted + 30 < 0 ? 'expired' : 'sent',
      terms: '报价含税（增值税 6%/13%），有效期 30 天；实施费用按人天结算。',
      owner_id: ref(customer.owner),
    });
    for (const l of oppLines) quoteLines.push({ quote: ref(qKey), product: ref(`prod-${pad(l.product + 1, 3)}`), quantity: l.quantity, unit_price: money(l.price), discount: l.discount, owner_id: ref(customer.owner) });
  }
}

// ---------------------------------------------------------------- contracts, payment plans, payments, invoices
const contracts = [];
const plans = [];
const payments = [];
const invoices = [];
const net = (ls) => ls.reduce((sum, l) => sum + l.quantity * l.price * (1 - l.discount / 100), 0);
const contractSources = opportunities.filter((o) => o.stage === 'won').map((o) => ({ opp: o, customer: o.customer, signed: o.closedOn, amount: Math.round(net(LINES_OF.get(o.record.$key))) }));
// Renewals signed without an opportunity in the CRM.
for (let i = 0; i < 20; i++) {
  const customer = pick(owned);
  contractSources.push({ opp: null, customer, signed: -int(1, HISTORY_DAYS - 10), amount: pick([18000, 24000, 36000, 48000, 60000, 96000]) });
}
contractSources.sort((a, b) => a.signed - b.signed);
const closedCustomers = new Set();
contractSources.forEach((source, index) => {
  const key = `contract-${pad(index + 1, 3)}`;
  const { customer, signed, amount } = source;
  const ck = customer.record.$key;
  closedCustomers.add(ck);
  const signer = pick(contactsOf(ck));
  const recent = signed > -10;
  const approval = recent ? weighted([['pending', 3], ['draft', 1], ['approved', 2]]) : weighted([['approved', 92], ['rejected', 4], ['cancelled', 4]]);
  const months = pick([12, 12, 12, 24, 36, 6]);
  contracts.push({
    $key: key,
    name: `${customer.company.short}${source.opp ? '软件及服务采购合同' : '年度维保续约合同'}`,
    customer: ref(ck),
    ...(source.opp ? { opportunity: ref(source.opp.record.$key) } : {}),
    amount: money(amount),
    start_date: day(signed + int(0, 10)),
    end_date: day(signed + months * 30),
    signed_date: day(signed),
    customer_signer: ref(signer.$key),
    company_signer: ref(customer.owner.startsWith('user-li') || customer.owner === 'user-david-miller' ? 'user-chen-ming' : customer.owner === 'user-chen-ming' ? 'user-chen-ming' : 'user-liu-yang'),
    approval_status: approval,
    terms: '付款方式：按回款计划分期支付；质保期一年；争议提交合同签订地仲裁委员会仲裁。',
    owner_id: ref(customer.owner),
  });
  if (approval !== 'approved') return;
  const split = amount >= 200000 ? [30, 40, 30] : amount >= 60000 ? [50, 50] : [100];
  let planned = signed + 15;
  split.forEach((share, k) => {
    const planKey = `plan-${pad(plans.length + 1, 4)}`;
    const plannedAmount = k === split.length - 1 ? amount - split.slice(0, -1).reduce((s, p) => s + Math.round((amount * p) / 100), 0) : Math.round((amount * share) / 100);
    const past = planned < 0;
    const status = !past ? 'due' : weighted([['paid', 80], ['partly_paid', 8], ['overdue', 12]]);
    plans.push({ $key: planKey, contract: ref(key), instalment: k + 1, planned_amount: money(plannedAmount), planned_date: day(planned), remind_days_ahead: pick([3, 5, 7]), status, owner_id: ref(customer.owner) });
    if (status === 'paid' || status === 'partly_paid') {
      const paidOn = Math.min(-1, planned + int(-5, 20));
      const paid = status === 'paid' ? plannedAmount : Math.round(plannedAmount * pick([0.3, 0.5, 0.6]));
      const paymentKey = `pay-${pad(payments.length + 1, 4)}`;
      payments.push({
        $key: paymentKey,
        customer: ref(ck),
        contract: ref(key),
        payment_plan: ref(planKey),
        payment_date: day(paidOn),
        method: weighted([['bank_transfer', 70], ['acceptance_bill', 10], ['alipay', 5], ['wechat_pay', 5], ['cheque', 5], ['cash', 2], ['other', 3]]),
        amount: money(paid),
        approval_status: paidOn > -7 ? 'pending' : 'approved',
        owner_id: ref(customer.owner),
      });
      if (chance(0.6)) {
        invoices.push({
          customer: ref(ck),
          contract: ref(key),
          amount: money(paid),
          type: weighted([['vat_special', 6], ['vat_normal', 2], ['vat_electronic', 3]]),
          title: customer.company.name,
          tax_number: `91${pad(int(110000, 659999), 6)}MA${pad(int(0, 99999999), 8)}`.slice(0, 18),
          invoice_date: day(Math.min(-1, paidOn + int(0, 10))),
          status: weighted([['issued', 5], ['sent', 4], ['requested', 1]]),
          owner_id: ref(customer.owner),
        });
      }
    }
    planned += Math.round((months * 30) / split.length);
  });
});
for (const c of customers) if (closedCustomers.has(c.record.$key)) c.record.deal_status = 'closed';

// ---------------------------------------------------------------- follow-ups and tasks
const followUps = [];
const targets = [
  ...leads.map((l) => ({ field: 'lead', key: l.$key, owner: l.owner_id.$ref })),
  ...customers.filter((c) => c.owner).map((c) => ({ field: 'customer', key: c.record.$key, owner: c.owner })),
  ...opportunities.map((o) => ({ field: 'opportunity', key: o.record.$key, owner: o.customer.owner, customer: o.customer.record.$key })),
  ...contracts.map((c) => ({ field: 'contract', key: c.$key, owner: c.owner_id.$ref, customer: c.customer.$ref })),
];
for (let i = 0; i < 1200; i++) {
  const t = pick(targets);
  const offset = i < 40 ? 0 : -int(0, HISTORY_DAYS);
  const type = weighted([['call', 40], ['visit', 15], ['email', 15], ['wechat', 20], ['meeting', 8], ['other', 2]]);
  followUps.push({
    type,
    content: pick(FOLLOW_UP_NOTES[type]),
    followed_up_at: at(offset),
    // Sent as null when there is no next step: left out, the default (today + 7 days) would fill it.
    next_follow_up_date: chance(0.6) ? day(i < 80 ? 0 : Math.min(offset + int(3, 30), 60)) : null,
    [t.field]: ref(t.key),
    ...(t.customer ? { customer: ref(t.customer) } : {}),
    owner_id: ref(t.owner),
  });
}
const tasks = [];
for (let i = 0; i < 150; i++) {
  const t = pick(targets.filter((x) => x.field !== 'lead'));
  const due = int(-60, 30);
  const status = due < -7 ? weighted([['completed', 8], ['deferred', 1], ['in_progress', 1]]) : weighted([['not_started', 4], ['in_progress', 3], ['completed', 2]]);
  tasks.push({ subject: pick(TASK_SUBJECTS), due_date: day(due), status, priority: weighted([['high', 2], ['normal', 6], ['low', 2]]), assignee: ref(t.owner), [t.field]: ref(t.key), ...(t.customer ? { customer: ref(t.customer) } : {}), owner_id: ref(t.owner) });
}

// ---------------------------------------------------------------- tickets and knowledge base
const tickets = [];
const buyers = customers.filter((c) => c.record.deal_status === 'closed');
for (let i = 1; i <= 200; i++) {
  const customer = pick(buyers);
  const contact = pick(contactsOf(customer.record.$key));
  const opened = i > 185 ? -int(0, 3) : -int(4, HISTORY_DAYS - 20);
  const priority = weighted([['urgent', 1], ['high', 3], ['medium', 5], ['low', 2]]);
  const slaHours = { urgent: 4, high: 8, medium: 24, low: 72 }[priority];
  const status = opened > -4 ? weighted([['new', 3], ['assigned', 3], ['in_progress', 3], ['waiting', 1]]) : weighted([['closed', 12], ['resolved', 4], ['in_progress', 1], ['waiting', 1]]);
  const agent = pick(SERVICE);
  const hour = int(9, 17);
  const subject = pick(TICKET_SUBJECTS);
  const answered = status !== 'new';
  const done = status === 'resolved' || status === 'closed';
  const resolvedAfterDays = int(0, 6);
  tickets.push({
    subject: subject.subject,
    customer: ref(customer.record.$key),
    contact: ref(contact.$key),
    description: subject.description,
    priority,
    category: subject.category,
    channel: weighted([['phone', 4], ['email', 3], ['wechat', 4], ['web', 2]]),
    status,
    ...(status !== 'new' ? { assignee: ref(agent) } : {}),
    sla_due_at: at(opened + Math.floor((hour + slaHours) / 24), (hour + slaHours) % 24, 0),
    ...(answered ? { first_response_at: at(opened, Math.min(hour + int(0, 2), 23), int(0, 59)) } : {}),
    ...(done ? { resolved_at: at(opened + resolvedAfterDays, int(9, 20), int(0, 59)) } : {}),
    ...(status === 'closed' ? { satisfaction: weighted([['very_satisfied', 5], ['satisfied', 8], ['neutral', 3], ['dissatisfied', 1], ['very_dissatisfied', 1]]) } : {}),
    owner_id: ref(agent),
  });
}
const articles = ARTICLES.map((a) => ({ title: a.title, category: a.category, body: a.body, status: a.status ?? 'published', tags: a.tags, owner_id: ref(pick(SERVICE)) }));

// ---------------------------------------------------------------- write
const files = [
  ['00-departments', '_departments', departments],
  ['01-users', '_users', users],
  ['02-products', 'product', products],
  ['03-campaigns', 'campaign', campaigns],
  ['04-customers', 'customer', customers.map((c) => c.record)],
  ['05-contacts', 'contact', contacts],
  ['06-leads', 'lead', leads],
  ['07-opportunities', 'opportunity', opportunities.map((o) => o.record)],
  ['08-opportunity-lines', 'opportunity_line', lines],
  ['09-quotes', 'quote', quotes],
  ['10-quote-lines', 'quote_line', quoteLines],
  ['11-contracts', 'contract', contracts],
  ['12-payment-plans', 'payment_plan', plans],
  ['13-payments', 'payment', payments],
  ['14-invoices', 'invoice', invoices],
  ['15-follow-ups', 'follow_up', followUps],
  ['16-tasks', 'task', tasks],
  ['17-tickets', 'ticket', tickets],
  ['18-knowledge-articles', 'knowledge_article', articles],
];
fs.rmSync(OUT, { recursive: true, force: true });
fs.mkdirSync(OUT, { recursive: true });
let total = 0;
for (const [file, object, records] of files) {
  // One record per line: small diffs when the generator changes.
  const body = `{"object": ${JSON.stringify(object)}, "records": [\n${records.map((r) => JSON.stringify(r)).join(',\n')}\n]}\n`;
  fs.writeFileSync(path.join(OUT, `${file}.json`), body);
  total += records.length;
  console.log(`${file}.json: ${records.length} ${object}`);
}
console.log(`${total} records`);
