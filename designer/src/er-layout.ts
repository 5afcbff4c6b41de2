import type { ObjectDef } from './api.ts';

export const NODE_WIDTH = 240;
const COLUMN_GAP = 120;
const ROW_GAP = 40;
const HEADER = 34;
const LINE = 20;

/** The lookups between objects: from object, field, to object (archived fields and unknown targets left out). */
export function lookupsOf(objects: ObjectDef[]): Array<{ from: string; field: string; label: string; to: string }> {
  const names = new Set(objects.map((o) => o.api_name));
  return objects.flatMap((o) =>
    o.fields
      .filter((f) => f.type === 'lookup' && !f.archived && names.has(String(f.target)))
      .map((f) => ({ from: o.api_name, field: f.api_name, label: f.label?.en ?? f.api_name, to: String(f.target) })),
  );
}

/**
 * A layered layout: an object that points at nothing is in the last column, an object pointing at
 * others one column left of the furthest of them (cycles cut), objects stacked in each column.
 */
export function layeredLayout(objects: ObjectDef[]): Map<string, { x: number; y: number }> {
  const targets = new Map<string, string[]>();
  for (const l of lookupsOf(objects)) if (l.from !== l.to) targets.set(l.from, [...(targets.get(l.from) ?? []), l.to]);
  const level = new Map<string, number>();
  const visiting = new Set<string>();
  const levelOf = (name: string): number => {
    const known = level.get(name);
    if (known !== undefined) return known;
    if (visiting.has(name)) return 0;
    visiting.add(name);
    const value = Math.max(-1, ...(targets.get(name) ?? []).map(levelOf)) + 1;
    visiting.delete(name);
    level.set(name, value);
    return value;
  };
  const columns = new Map<number, ObjectDef[]>();
  for (const o of [...objects].sort((a, b) => a.api_name.localeCompare(b.api_name))) {
    const l = levelOf(o.api_name);
    columns.set(l, [...(columns.get(l) ?? []), o]);
  }
  const positions = new Map<string, { x: number; y: number }>();
  const deepest = Math.max(0, ...columns.keys());
  for (const [l, column] of columns) {
    let y = 0;
    for (const o of column) {
      // Referencing objects on the left, referenced ones to their right: edges run left to right.
      positions.set(o.api_name, { x: (deepest - l) * (NODE_WIDTH + COLUMN_GAP), y });
      y += HEADER + LINE * o.fields.filter((f) => !f.archived).length + 16 + ROW_GAP;
    }
  }
  return positions;
}

/**
 * Where each box goes: its saved place, else (nothing saved) the layered layout; objects added since the
 * last save are stacked in a column right of the saved boxes, so they never land on top of them.
 */
export function placeNodes(objects: ObjectDef[], saved: Record<string, { x: number; y: number }>): Map<string, { x: number; y: number }> {
  const layered = layeredLayout(objects);
  const placed = objects.filter((o) => saved[o.api_name]);
  if (placed.length === 0) return layered;
  const positions = new Map<string, { x: number; y: number }>();
  const right = Math.max(...placed.map((o) => (saved[o.api_name] as { x: number }).x)) + NODE_WIDTH + COLUMN_GAP;
  let y = Math.min(...placed.map((o) => (saved[o.api_name] as { y: number }).y));
  for (const o of objects) {
    const at = saved[o.api_name];
    if (at) positions.set(o.api_name, at);
    else {
      positions.set(o.api_name, { x: right, y });
      y += HEADER + LINE * o.fields.filter((f) => !f.archived).length + 16 + ROW_GAP;
    }
  }
  return positions;
}
