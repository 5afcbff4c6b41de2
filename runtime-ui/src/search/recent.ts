import { useSyncExternalStore } from 'react';

/** A record the user opened: kept in this browser's localStorage, per tenant and user, the last 10. */
export interface RecentRecord {
  object: string;
  id: string;
  name: string;
  at: number;
}

interface Owner {
  tenant: string;
  id: string;
}

const MAX = 10;
const CHANGED = 'tessera:recent';
const keyOf = (owner: Owner) => `tessera.recent.${owner.tenant}.${owner.id}`;

function isRecent(value: unknown): value is RecentRecord {
  const r = value as RecentRecord;
  return typeof r === 'object' && r !== null && typeof r.object === 'string' && typeof r.id === 'string' && typeof r.name === 'string' && typeof r.at === 'number';
}

function parse(text: string | null): RecentRecord[] {
  if (!text) return [];
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter(isRecent).slice(0, MAX) : [];
  } catch {
    return [];
  }
}

function write(owner: Owner, list: RecentRecord[]): void {
  try {
    localStorage.setItem(keyOf(owner), JSON.stringify(list));
  } catch {
    // Storage full or disabled: the list is a convenience, nothing is lost.
  }
  window.dispatchEvent(new Event(CHANGED));
}

/** Puts the record first (once), keeping the last 10. */
export function rememberRecord(owner: Owner, record: Omit<RecentRecord, 'at'>): void {
  const list = parse(localStorage.getItem(keyOf(owner)));
  const first = list[0];
  if (first && first.object === record.object && first.id === record.id && first.name === record.name) return;
  write(owner, [{ ...record, at: Date.now() }, ...list.filter((r) => !(r.object === record.object && r.id === record.id))].slice(0, MAX));
}

/** Drops a record that no longer exists (or that the user may no longer see). */
export function forgetRecord(owner: Owner, object: string, id: string): void {
  const list = parse(localStorage.getItem(keyOf(owner)));
  if (list.some((r) => r.object === object && r.id === id)) write(owner, list.filter((r) => !(r.object === object && r.id === id)));
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener(CHANGED, onChange);
  window.addEventListener('storage', onChange); // other tabs
  return () => {
    window.removeEventListener(CHANGED, onChange);
    window.removeEventListener('storage', onChange);
  };
}

const NONE: RecentRecord[] = [];
let cache: { text: string | null; list: RecentRecord[] } = { text: null, list: NONE };

/** The user's recently viewed records, newest first; follows changes made in this tab and others. */
export function useRecentRecords(owner: Owner | undefined): RecentRecord[] {
  return useSyncExternalStore(subscribe, () => {
    if (!owner) return NONE;
    const text = localStorage.getItem(keyOf(owner));
    if (text !== cache.text) cache = { text, list: parse(text) };
    return cache.list;
  });
}
