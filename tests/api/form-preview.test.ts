import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { expectProblem, expectStatus, loginNonAdmin, metadataVersion } from '../support/meta-helpers.ts';

/**
 * POST /api/forms/:object/preview: the form GET /api/forms/:object would give for a layout not saved yet
 * (the designer's live preview). The layout is checked as saving it would check it; nothing is saved.
 */

interface Form {
  object: string;
  schema: { required: string[]; properties: Record<string, Record<string, unknown>> };
  uiSchema: Record<string, unknown> & { 'ui:order': string[] };
  layout: { api_name: string; label: string; sections: Array<{ label: string; columns: number; fields: Array<Record<string, unknown>> }> };
}

let t: TestEngine;

const LAYOUT = {
  api_name: 'quick',
  label: { en: 'Quick', 'zh-CN': '快速' },
  roles: ['nobody_holds_this'],
  sections: [
    { label: { en: 'Main', 'zh-CN': '主要' }, columns: 2, fields: [{ field: 'name' }, { field: 'stage', required: true }] },
    { label: { en: 'Lost' }, fields: [{ field: 'reason', read_only: true, visible_if: { '==': [{ var: 'stage' }, 'lost'] } }] },
  ],
};

beforeAll(async () => {
  t = await startTestEngine();
  await expectStatus(t, 201, {
    method: 'POST',
    url: '/api/meta/objects',
    payload: {
      api_name: 'deal',
      label: { en: 'Deal', 'zh-CN': '商机' },
      fields: [
        { api_name: 'stage', type: 'picklist', label: { en: 'Stage', 'zh-CN': '阶段' }, values: [{ value: 'open', label: { en: 'Open', 'zh-CN': '进行中' } }, { value: 'lost', label: { en: 'Lost', 'zh-CN': '输单' } }] },
        { api_name: 'reason', type: 'text', label: { en: 'Reason', 'zh-CN': '原因' } },
        { api_name: 'amount', type: 'decimal', label: { en: 'Amount' } },
      ],
    },
  });
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('POST /api/forms/:object/preview', () => {
  it('gives the form of an unsaved layout exactly as GET /api/forms/:object gives it once saved', async () => {
    const before = await metadataVersion(t);
    const preview = (await expectStatus(t, 200, { method: 'POST', url: '/api/forms/deal/preview?locale=zh-CN', payload: { layout: LAYOUT } })).json() as Form;
    expect(preview.layout).toEqual({
      api_name: 'quick',
      label: '快速',
      sections: [
        { label: '主要', columns: 2, fields: [{ field: 'name', read_only: false, required: true }, { field: 'stage', read_only: false, required: true }] },
        { label: 'Lost', columns: 1, fields: [{ field: 'reason', read_only: true, required: false, visible_if: { '==': [{ var: 'stage' }, 'lost'] } }] },
      ],
    });
    expect(preview.uiSchema['ui:order']).toEqual(['name', 'stage', 'reason']);
    expect(preview.schema.properties.reason).toMatchObject({ readOnly: true, title: '原因' });
    expect(preview.schema.properties).not.toHaveProperty('amount');
    // Nothing saved: no new metadata version, no layout on the object, the form still the default.
    expect(await metadataVersion(t)).toBe(before);
    const object = (await expectStatus(t, 200, { method: 'GET', url: '/api/meta/objects/deal' })).json() as { layouts?: unknown[] };
    expect(object.layouts ?? []).toEqual([]);
    const current = (await expectStatus(t, 200, { method: 'GET', url: '/api/forms/deal' })).json() as Form;
    expect(current.layout.api_name).toBe('default');

    // Saved, the same layout gives the same form (the role it names is nobody's, so it is asked for by name).
    await expectStatus(t, 200, { method: 'PATCH', url: '/api/meta/objects/deal', payload: { layouts: [LAYOUT] } });
    const saved = (await expectStatus(t, 200, { method: 'GET', url: '/api/forms/deal?layout=quick&locale=zh-CN' })).json() as Form;
    expect(saved).toEqual(preview);
  });

  it('refuses a bad layout with 422 and the place of each problem, as saving would', async () => {
    const bad = {
      ...LAYOUT,
      sections: [LAYOUT.sections[0], { label: { en: 'Lost' }, fields: [{ field: 'reason', visible_if: { '==': [{ var: 'nope' }, 'lost'] } }, { field: 'ghost' }] }],
    };
    const problem = expectProblem(await t.request({ method: 'POST', url: '/api/forms/deal/preview', payload: { layout: bad } }), 422, 'invalid_metadata');
    const fields = (problem.errors as Array<{ field: string }>).map((e) => e.field);
    expect(fields).toContain('layout.sections.1.fields.0.visible_if.==.0.var');
    expect(fields).toContain('layout.sections.1.fields.1.field');
    // The same layout saved: the same problems, at the layout's place in the object.
    const saving = expectProblem(await t.request({ method: 'PATCH', url: '/api/meta/objects/deal', payload: { layouts: [bad] } }), 422, 'invalid_metadata');
    expect((saving.errors as Array<{ field: string }>).map((e) => e.field.replace(/^layouts\.0/, 'layout'))).toEqual(fields);
    // A shape problem (no sections) is named the same way; a body without a layout is refused by its schema.
    const shape = expectProblem(await t.request({ method: 'POST', url: '/api/forms/deal/preview', payload: { layout: { api_name: 'x' } } }), 422, 'invalid_metadata');
    expect((shape.errors as Array<{ field: string }>).map((e) => e.field)).toContain('layout.sections');
    const missing = expectProblem(await t.request({ method: 'POST', url: '/api/forms/deal/preview', payload: {} }), 422, 'validation_failed');
    expect(missing.errors).toEqual([expect.objectContaining({ field: 'layout' })]);
  });

  it('is for administrators only, and 404 for an unknown object', async () => {
    const rep = await loginNonAdmin(t);
    expectProblem(await t.request({ method: 'POST', url: '/api/forms/deal/preview', token: rep.token, payload: { layout: LAYOUT } }), 403, 'forbidden');
    expectProblem(await t.request({ method: 'POST', url: '/api/forms/nothing_here/preview', payload: { layout: LAYOUT } }), 404, 'object_not_found');
  });
});
