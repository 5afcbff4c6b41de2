import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qualify } from '../../engine/src/db/index.ts';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { failure, install, manifest, removePackages, tenantState, writePackage } from './support.ts';

const size = (label: Record<string, string>, help: Record<string, string>) => ({ api_name: 'size', type: 'integer', label, help_text: help, min: 0 });
const colour = (values: string[]) => ({ api_name: 'colour', type: 'picklist', label: { en: 'Colour', 'zh-CN': '颜色' }, values: values.map((v) => ({ value: v, label: { en: v, 'zh-CN': v } })) });
const role = (description: string, scope: string) => ({ api_name: 'gadget_keeper', label: { en: 'Gadget keeper', 'zh-CN': '工具管理员' }, description, object_rights: { gadget: { read: true, edit: true } }, data_scopes: { gadget: scope } });

const v1 = {
  'manifest.json': manifest('1.0.0'),
  'objects/gadget.json': {
    api_name: 'gadget',
    label: { en: 'Gadget', 'zh-CN': '小工具' },
    fields: [size({ en: 'Size', 'zh-CN': '尺寸' }, { en: 'Outer size', 'zh-CN': '外尺寸' }), colour(['red', 'blue']), { api_name: 'legacy_code', type: 'text', label: { en: 'Legacy code', 'zh-CN': '旧编码' } }],
  },
  'objects/part.json': { api_name: 'part', label: { en: 'Part', 'zh-CN': '零件' }, fields: [{ api_name: 'gadget', type: 'lookup', target: 'gadget', on_delete: 'cascade' }] },
  'roles/gadget_keeper.json': role('Keeps gadgets', 'self'),
};

const v2 = {
  ...v1,
  'manifest.json': manifest('1.1.0'),
  'objects/gadget.json': {
    api_name: 'gadget',
    label: { en: 'Gadget', 'zh-CN': '小工具' },
    fields: [size({ en: 'Dimension', 'zh-CN': '规格' }, { en: 'Outer size in mm', 'zh-CN': '外尺寸（毫米）' }), colour(['red', 'blue', 'green']), { api_name: 'weight', type: 'decimal', label: { en: 'Weight', 'zh-CN': '重量' }, scale: 3 }],
  },
  'objects/bin.json': { api_name: 'bin', label: { en: 'Bin', 'zh-CN': '料箱' }, fields: [{ api_name: 'gadget', type: 'lookup', target: 'gadget', on_delete: 'set_null' }] },
  'roles/gadget_keeper.json': role('Keeps gadgets and their parts', 'department'),
};

interface Field {
  api_name: string;
  label: Record<string, string>;
  help_text?: Record<string, string>;
  archived?: boolean;
  values?: Array<{ value: string }>;
}

let t: TestEngine;
let actorId: string;

/** Installs as the admin; like the metadata routes, drops this engine's compiled model at once rather than waiting for the NOTIFY. */
async function installHere(files: Record<string, unknown>) {
  const report = await install(t.engine.knex, writePackage(files), { tenant: t.tenant, actorId });
  t.engine.models.invalidate(t.tenant.slug, report.metadata.version);
  return report;
}

const objectDef = async (name: string) => (await t.request({ method: 'GET', url: `/api/meta/objects/${name}` })).json<{ fields: Field[] }>();
const field = async (object: string, name: string) => (await objectDef(object)).fields.find((f) => f.api_name === name);

beforeAll(async () => {
  t = await startTestEngine();
  actorId = (await t.request({ method: 'GET', url: '/api/auth/me' })).json<{ id: string }>().id;
});

afterAll(async () => {
  removePackages();
  await t.close();
});

describe('upgrading a package keeps the tenant’s customisations', () => {
  it('applies only the package’s own change since the installed version, property by property', async () => {
    await installHere(v1);
    const record = await t.request({ method: 'POST', url: '/api/records/gadget', payload: { name: 'G-1', size: 4, legacy_code: 'OLD-7' } });
    expect(record.statusCode, record.body).toBe(201);

    // The admin customises: relabels a field (English only), adds a picklist value and a field, changes the role.
    expect((await t.request({ method: 'PATCH', url: '/api/meta/objects/gadget/fields/size', payload: { label: { en: 'Diameter', 'zh-CN': '尺寸' } } })).statusCode).toBe(200);
    expect((await t.request({ method: 'PATCH', url: '/api/meta/objects/gadget/fields/colour', payload: { values: [...colour(['red', 'blue', 'black']).values] } })).statusCode).toBe(200);
    expect((await t.request({ method: 'POST', url: '/api/meta/objects/gadget/fields', payload: { api_name: 'notes', type: 'long_text' } })).statusCode).toBe(201);
    const roles = (await t.request({ method: 'GET', url: '/api/admin/roles' })).json<{ items: Array<{ id: string; api_name: string }> }>().items;
    const keeper = roles.find((r) => r.api_name === 'gadget_keeper');
    expect((await t.request({ method: 'PATCH', url: `/api/admin/roles/${keeper?.id}`, payload: { description: 'Our gadget people' } })).statusCode).toBe(200);

    const upgrade = await installHere(v2);
    expect(upgrade).toMatchObject({ outcome: 'upgraded', previousVersion: '1.0.0', package: { version: '1.1.0' } });
    expect(upgrade.metadata.created).toEqual(['bin']);
    expect(upgrade.metadata.changed).toEqual(['gadget']);

    const sizeField = await field('gadget', 'size');
    // The admin's English label stays; the package's Chinese label and new help text land.
    expect(sizeField?.label).toEqual({ en: 'Diameter', 'zh-CN': '规格' });
    expect(sizeField?.help_text).toEqual({ en: 'Outer size in mm', 'zh-CN': '外尺寸（毫米）' });
    // Both added picklist values are there: the tenant's and the package's.
    expect((await field('gadget', 'colour'))?.values?.map((v) => v.value)).toEqual(['red', 'blue', 'black', 'green']);
    // The new field landed, the tenant's own field stayed, the field the package dropped is archived with its data.
    const names = (await objectDef('gadget')).fields.map((f) => `${f.api_name}${f.archived ? ' (archived)' : ''}`);
    expect(names).toEqual(['name', 'size', 'colour', 'legacy_code (archived)', 'notes', 'weight']);
    const [row] = (await t.engine.knex.raw<{ rows: Array<{ legacy_code: string }> }>(`select legacy_code from ${qualify(t.tenant.schema, 'gadget')}`)).rows;
    expect(row?.legacy_code).toBe('OLD-7');
    const created = await t.request({ method: 'POST', url: '/api/records/gadget', payload: { name: 'G-2', weight: 1.25, colour: 'green' } });
    expect(created.statusCode, created.body).toBe(201);

    // Where both changed the same property, the tenant's value is kept and reported.
    expect(upgrade.kept.map((k) => k.path).sort()).toEqual(['objects.gadget.fields.size.label.en', 'roles.gadget_keeper.description']);
    const upgradedRole = (await t.request({ method: 'GET', url: `/api/admin/roles/${keeper?.id}` })).json<{ description: string; data_scopes: Record<string, string> }>();
    expect(upgradedRole).toMatchObject({ description: 'Our gadget people', data_scopes: { gadget: 'department' } });
    expect(upgrade.roles).toEqual({ created: [], updated: ['gadget_keeper'] });
  });

  it('records which version brought and changed each object and field', async () => {
    const [row] = (await t.engine.knex.raw<{ rows: Array<{ version: string; provenance: { objects: Record<string, { installed: string; updated?: string; fields: Record<string, { installed: string; updated?: string }> }> } }> }>(
      `select version, provenance from ${qualify(t.tenant.schema, '_packages')} where name = 'sample-kit'`,
    )).rows;
    expect(row?.version).toBe('1.1.0');
    const gadget = row?.provenance.objects.gadget;
    expect(gadget?.fields.size).toEqual({ installed: '1.0.0', updated: '1.1.0' });
    expect(gadget?.fields.weight).toEqual({ installed: '1.1.0' });
    expect(gadget?.fields.name).toEqual({ installed: '1.0.0' });
    expect(row?.provenance.objects.bin).toMatchObject({ installed: '1.1.0' });
    expect(row?.provenance.objects.part).toEqual({ installed: '1.0.0', fields: { name: { installed: '1.0.0' }, gadget: { installed: '1.0.0' } } });
  });

  it('installing the upgraded version again changes nothing, and customisations made since survive it', async () => {
    expect((await t.request({ method: 'PATCH', url: '/api/meta/objects/gadget/fields/weight', payload: { label: { en: 'Mass', 'zh-CN': '质量' } } })).statusCode).toBe(200);
    const before = await tenantState(t.engine.knex, t.tenant);
    const again = await installHere(v2);
    expect(again.outcome).toBe('unchanged');
    expect(again.kept).toEqual([]);
    expect(await tenantState(t.engine.knex, t.tenant)).toEqual(before);
    expect((await field('gadget', 'weight'))?.label).toEqual({ en: 'Mass', 'zh-CN': '质量' });
  });

  it('refuses to downgrade (409), changing nothing', async () => {
    const before = await tenantState(t.engine.knex, t.tenant);
    const err = await failure(() => install(t.engine.knex, writePackage(v1), { tenant: t.tenant, actorId }));
    expect(err.code).toBe('package_version_conflict');
    expect(err.errors).toEqual([{ field: 'manifest.json#version', message: 'is older than the installed 1.1.0' }]);
    expect(await tenantState(t.engine.knex, t.tenant)).toEqual(before);
  });

  it('a package can require this one at a version range', async () => {
    const addOn = (range: string) =>
      writePackage({
        'manifest.json': { name: 'gadget-extras', version: '0.1.0', label: { en: 'Gadget extras' }, requires: { 'sample-kit': range } },
        'objects/gadget_review.json': { api_name: 'gadget_review', fields: [{ api_name: 'gadget', type: 'lookup', target: 'gadget', on_delete: 'cascade', required: true }] },
      });
    const err = await failure(() => install(t.engine.knex, addOn('^2.0.0'), { tenant: t.tenant, actorId }));
    expect(err.errors).toEqual([{ field: 'manifest.json#requires.sample-kit', message: 'needs "sample-kit" ^2.0.0, but 1.1.0 is installed' }]);
    expect((await install(t.engine.knex, addOn('^1.1.0'), { tenant: t.tenant, actorId })).metadata.created).toEqual(['gadget_review']);
  });
});
