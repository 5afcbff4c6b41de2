import type { FieldDef, LayoutDef, LayoutFieldDef, LocalizedText, ObjectDef } from '../api.ts';
import type { FieldProblem } from '../../../runtime-ui/src/api/client.ts';

/**
 * A layout being edited, as pure functions: each returns a new layout. A section's fields are one list in
 * reading order; with two columns the form puts them left, right, left… (runtime-ui's sections template),
 * so "the second column" is every second place.
 */
export type Section = LayoutDef['sections'][number];

/** Where a placed field is: its section and its place in it. */
export interface Place {
  section: number;
  index: number;
}

export function newSection(label: LocalizedText): Section {
  return { label, columns: 1, fields: [] };
}

export function newLayout(apiName: string, label: LayoutDef['label'], sectionLabel: LocalizedText): LayoutDef {
  return { api_name: apiName, ...(label ? { label } : {}), sections: [newSection(sectionLabel)] };
}

export function placeOf(layout: LayoutDef, field: string): Place | undefined {
  for (let s = 0; s < layout.sections.length; s++) {
    const index = (layout.sections[s]?.fields ?? []).findIndex((f) => f.field === field);
    if (index >= 0) return { section: s, index };
  }
  return undefined;
}

/** The active fields of the object not on the layout yet, in the object's order. */
export function unplacedFields(object: ObjectDef, layout: LayoutDef): FieldDef[] {
  const placed = new Set(layout.sections.flatMap((s) => s.fields.map((f) => f.field)));
  return object.fields.filter((f) => !f.archived && !placed.has(f.api_name));
}

function withSections(layout: LayoutDef, sections: Section[]): LayoutDef {
  return { ...layout, sections };
}

export function updateSection(layout: LayoutDef, index: number, patch: Partial<Section>): LayoutDef {
  return withSections(layout, layout.sections.map((s, i) => (i === index ? { ...s, ...patch } : s)));
}

export function addSection(layout: LayoutDef, label: LocalizedText): LayoutDef {
  return withSections(layout, [...layout.sections, newSection(label)]);
}

/** Deletes a section; its fields go back to the palette. */
export function removeSection(layout: LayoutDef, index: number): LayoutDef {
  return withSections(layout, layout.sections.filter((_, i) => i !== index));
}

export function moveSection(layout: LayoutDef, index: number, by: -1 | 1): LayoutDef {
  const to = index + by;
  if (to < 0 || to >= layout.sections.length) return layout;
  return withSections(layout, arrayMove(layout.sections, index, to));
}

/**
 * Puts `field` at `index` of section `section` (the end when index is undefined), from wherever it was —
 * the palette, another section, or another place of the same one (then it takes the place of the field
 * that was there, as dragging onto it shows).
 */
export function placeField(layout: LayoutDef, field: string, section: number, index?: number): LayoutDef {
  const from = placeOf(layout, field);
  const item: LayoutFieldDef = from ? (layout.sections[from.section]?.fields[from.index] as LayoutFieldDef) : { field };
  if (from && from.section === section) {
    const fields = layout.sections[section]?.fields ?? [];
    const to = Math.min(index ?? fields.length - 1, fields.length - 1);
    return updateSection(layout, section, { fields: arrayMove(fields, from.index, to) });
  }
  const sections = layout.sections.map((s, i) => {
    let fields = from && i === from.section ? s.fields.filter((f) => f.field !== field) : s.fields;
    if (i === section) fields = [...fields.slice(0, index ?? fields.length), item, ...fields.slice(index ?? fields.length)];
    return { ...s, fields };
  });
  return withSections(layout, sections);
}

/** One place up or down in its section (the keyboard's and buttons' way of reordering). */
export function moveField(layout: LayoutDef, field: string, by: -1 | 1): LayoutDef {
  const from = placeOf(layout, field);
  if (!from) return layout;
  const count = layout.sections[from.section]?.fields.length ?? 0;
  const to = from.index + by;
  if (to < 0 || to >= count) return layout;
  return placeField(layout, field, from.section, to);
}

/** Back to the palette. */
export function unplaceField(layout: LayoutDef, field: string): LayoutDef {
  return withSections(layout, layout.sections.map((s) => ({ ...s, fields: s.fields.filter((f) => f.field !== field) })));
}

const FLAGS = new Set(['read_only', 'required']);

/** Changes a placed field's settings; `undefined` values are removed (no `read_only: false` noise). */
export function updateField(layout: LayoutDef, field: string, patch: Partial<Omit<LayoutFieldDef, 'field'>>): LayoutDef {
  return withSections(
    layout,
    layout.sections.map((s) => ({
      ...s,
      fields: s.fields.map((f) => {
        if (f.field !== field) return f;
        const next: Record<string, unknown> = { ...f, ...patch };
        for (const [key, value] of Object.entries(next)) if (value === undefined || (FLAGS.has(key) && value === false)) delete next[key];
        return next as unknown as LayoutFieldDef;
      }),
    })),
  );
}

export function arrayMove<T>(items: readonly T[], from: number, to: number): T[] {
  const next = [...items];
  const [moved] = next.splice(from, 1);
  next.splice(to, 0, moved as T);
  return next;
}

/** The engine's errors under `prefix` (e.g. `layouts.2`), their paths made relative to it. */
export function problemsUnder(errors: readonly FieldProblem[], prefix: string): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const e of errors) {
    if (e.field === prefix) out.push({ ...e, field: '' });
    else if (e.field.startsWith(`${prefix}.`)) out.push({ ...e, field: e.field.slice(prefix.length + 1) });
  }
  return out;
}

/** Those exactly at `path` or inside it (relative paths kept whole). */
export function problemsAt(errors: readonly FieldProblem[], path: string): FieldProblem[] {
  return errors.filter((e) => e.field === path || e.field.startsWith(`${path}.`));
}
