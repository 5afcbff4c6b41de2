import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from '../../engine/src/db/index.ts';
import type { TenantRef } from '../../engine/src/kernel/index.ts';
import { freshTenant, testKnex } from '../support/db.ts';
import { addAdmin, failure, install, manifest, removePackages, tenantState, writePackage, type PackageFiles } from './support.ts';

let knex: Knex;
let tenant: TenantRef;
let actorId: string;

beforeAll(async () => {
  knex = testKnex();
  tenant = await freshTenant(knex, 'pkgval');
  actorId = await addAdmin(knex, tenant);
});

afterAll(async () => {
  removePackages();
  await knex.destroy();
});

const gadget = { api_name: 'gadget', label: { en: 'Gadget', 'zh-CN': '小工具' }, fields: [{ api_name: 'size', type: 'integer' }] };
const part = { api_name: 'part', label: { en: 'Part', 'zh-CN': '零件' }, fields: [{ api_name: 'gadget', type: 'lookup', target: 'gadget', on_delete: 'cascade' }] };
const good: PackageFiles = { 'manifest.json': manifest(), 'objects/gadget.json': gadget, 'objects/part.json': part };
const withFiles = (files: PackageFiles): PackageFiles => ({ ...good, ...files });

interface Case {
  name: string;
  files: PackageFiles;
  field: string;
  message: RegExp;
  code?: string;
}

const cases: Case[] = [
  { name: 'no manifest', files: { 'objects/gadget.json': gadget }, field: 'manifest.json', message: /is missing/ },
  { name: 'a version that is not semver', files: withFiles({ 'manifest.json': manifest('1.0') }), field: 'manifest.json#version', message: /must match pattern/ },
  { name: 'an unknown manifest property', files: withFiles({ 'manifest.json': { ...manifest(), author: 'me' } }), field: 'manifest.json#author', message: /is not a known property/ },
  { name: 'a manifest without label', files: withFiles({ 'manifest.json': { name: 'sample-kit', version: '1.0.0' } }), field: 'manifest.json#label', message: /is required/ },
  { name: 'a bad package name', files: withFiles({ 'manifest.json': { ...manifest(), name: 'Sample Kit' } }), field: 'manifest.json#name', message: /must match pattern/ },
  { name: 'a requires range that is not one', files: withFiles({ 'manifest.json': manifest('1.0.0', { requires: { base: 'latest' } }) }), field: 'manifest.json#requires.base', message: /must match pattern/ },
  { name: 'an object file that is not JSON', files: withFiles({ 'objects/gadget.json': '{"api_name": "gadget",' }), field: 'objects/gadget.json', message: /is not valid JSON/ },
  { name: 'an object file named after another object', files: withFiles({ 'objects/gizmo.json': gadget }), field: 'objects/gizmo.json#api_name', message: /must match the file name \("gizmo"\)/ },
  { name: 'a field without type', files: withFiles({ 'objects/gadget.json': { ...gadget, fields: [{ api_name: 'size' }] } }), field: 'objects/gadget.json#fields.0.type', message: /is required/ },
  { name: 'a package without objects', files: { 'manifest.json': manifest() }, field: 'objects', message: /holds no object definitions/ },
  { name: 'a role with an unknown property', files: withFiles({ 'roles/viewer.json': { api_name: 'viewer', powers: 'all' } }), field: 'roles/viewer.json#powers', message: /is not a known property/ },
  { name: 'a role with a bad scope', files: withFiles({ 'roles/viewer.json': { api_name: 'viewer', data_scopes: { gadget: 'everything' } } }), field: 'roles/viewer.json#data_scopes.gadget', message: /must be equal to one of the allowed values/ },
  { name: 'a sample file without records', files: withFiles({ 'sample-data/gadgets.json': { object: 'gadget' } }), field: 'sample-data/gadgets.json#records', message: /is required/ },
  { name: 'a sample key with spaces', files: withFiles({ 'sample-data/gadgets.json': { object: 'gadget', records: [{ $key: 'my gadget' }] } }), field: 'sample-data/gadgets.json#records.0.$key', message: /must match pattern/ },
];

describe('package files are checked against the package JSON Schemas, naming the file and the path in it', () => {
  it.each(cases)('$name → $field', async ({ files, field, message }) => {
    const err = await failure(() => install(knex, writePackage(files), { tenant, actorId }));
    expect(err.code).toBe('invalid_package');
    expect(err.status).toBe(422);
    const problem = err.errors?.find((e) => e.field === field);
    expect(problem, JSON.stringify(err.errors)).toBeDefined();
    expect(problem?.message).toMatch(message);
  });

  it('reports every problem of every file at once', async () => {
    const err = await failure(() =>
      install(knex, writePackage({ 'manifest.json': { ...manifest(), version: 'one' }, 'objects/gadget.json': '[', 'roles/viewer.json': { api_name: 'viewer', powers: 1 } }), { tenant, actorId }),
    );
    expect(err.errors?.map((e) => e.field).sort()).toEqual(['manifest.json#version', 'objects/gadget.json', 'roles/viewer.json#powers']);
  });

  it('refuses a folder that is not a package', async () => {
    const err = await failure(() => install(knex, '/nonexistent/package', { tenant, actorId }));
    expect(err.code).toBe('invalid_package');
    expect(err.errors?.[0]).toMatchObject({ field: '/nonexistent/package', message: expect.stringMatching(/not a package folder/) });
  });
});

const semantic: Case[] = [
  { name: 'an unknown field type', files: withFiles({ 'objects/gadget.json': { ...gadget, fields: [{ api_name: 'size', type: 'bignum' }] } }), field: 'objects/gadget.json#fields.size.type', message: /unknown field type "bignum"/, code: 'unknown_field_type' },
  { name: 'a lookup to an object nobody has', files: withFiles({ 'objects/part.json': { ...part, fields: [{ api_name: 'widget', type: 'lookup', target: 'widget' }] } }), field: 'objects/part.json#fields.widget.target', message: /there is no object "widget"/, code: 'lookup_target_missing' },
  { name: 'a reserved field name', files: withFiles({ 'objects/gadget.json': { ...gadget, fields: [{ api_name: 'select', type: 'text' }] } }), field: 'objects/gadget.json#fields.select.api_name', message: /reserved/, code: 'reserved_name' },
  { name: 'role rights on an object that does not exist', files: withFiles({ 'roles/viewer.json': { api_name: 'viewer', object_rights: { widget: { read: true } } } }), field: 'roles/viewer.json#object_rights.widget', message: /is not an object of this tenant/ },
  { name: 'a sample $ref to no key', files: withFiles({ 'sample-data/parts.json': { object: 'part', records: [{ name: 'Cog', gadget: { $ref: 'g-404' } }] } }), field: 'sample-data/parts.json#records.0.gadget', message: /no sample record has the key "g-404"/, code: 'unknown_key' },
  {
    name: 'a sample $ref of the wrong object',
    files: withFiles({ 'sample-data/gadgets.json': { object: 'gadget', records: [{ $key: 'g-1', name: 'One' }] }, 'sample-data/parts.json': { object: 'part', records: [{ name: 'Cog', owner_id: { $ref: 'g-1' } }] } }),
    field: 'sample-data/parts.json#records.0.owner_id',
    message: /"g-1" is a gadget record, but this field points at _users/,
    code: 'invalid_ref',
  },
  { name: 'a malformed relative date', files: withFiles({ 'sample-data/gadgets.json': { object: 'gadget', records: [{ name: 'One', size: { $date: 'yesterday' } }] } }), field: 'sample-data/gadgets.json#records.0.size', message: /must be \{"\$ref": key\}/, code: 'invalid_value' },
  { name: 'two sample records with one key', files: withFiles({ 'sample-data/gadgets.json': { object: 'gadget', records: [{ $key: 'g-1', name: 'One' }, { $key: 'g-1', name: 'Two' }] } }), field: 'sample-data/gadgets.json#records.1.$key', message: /already the key of sample-data\/gadgets.json#records.0/, code: 'duplicate_key' },
  { name: 'sample data of an unknown object', files: withFiles({ 'sample-data/widgets.json': { object: 'widget', records: [] } }), field: 'sample-data/widgets.json#object', message: /there is no object "widget"/ },
  { name: 'a sample value the field refuses', files: withFiles({ 'sample-data/gadgets.json': { object: 'gadget', records: [{ name: 'One', size: 1 }, { name: 'Two', size: 'big' }] } }), field: 'sample-data/gadgets.json#records.1.size', message: /must be integer/, code: 'type' },
  { name: 'a sample record without its required name', files: withFiles({ 'sample-data/gadgets.json': { object: 'gadget', records: [{ size: 3 }] } }), field: 'sample-data/gadgets.json#records.0.name', message: /is required/, code: 'required' },
];

describe('what only the tenant can tell is checked by the pipelines, still naming the file', () => {
  it.each(semantic)('$name → $field', async ({ files, field, message, code }) => {
    const before = await tenantState(knex, tenant);
    const err = await failure(() => install(knex, writePackage(files), { tenant, actorId }));
    expect(err.code).toBe('invalid_package');
    const problem = err.errors?.find((e) => e.field === field);
    expect(problem, JSON.stringify(err.errors)).toBeDefined();
    expect(problem?.message).toMatch(message);
    if (code) expect(problem?.code).toBe(code);
    // Nothing of the package is left behind.
    expect(await tenantState(knex, tenant)).toEqual(before);
  });

  it('refuses a package whose requirement is not installed (409), naming it', async () => {
    const err = await failure(() => install(knex, writePackage(withFiles({ 'manifest.json': manifest('1.0.0', { requires: { 'base-kit': '^2.0.0' } }) })), { tenant, actorId }));
    expect(err.code).toBe('package_version_conflict');
    expect(err.status).toBe(409);
    expect(err.errors).toEqual([{ field: 'manifest.json#requires.base-kit', message: 'needs the package "base-kit" (^2.0.0) installed first' }]);
  });
});
