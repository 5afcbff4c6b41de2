/**
 * Compiled models per tenant, each built for one metadata version. A NOTIFY of a newer version
 * (from any engine instance) drops the entry; the next request rebuilds it lazily.
 */
export interface ModelCache<T extends { version: number }> {
  get(slug: string): Promise<T>;
  /** A change to `version` committed somewhere: drop anything older. */
  invalidate(slug: string, version: number): void;
  clear(): void;
}

export function createModelCache<T extends { version: number }>(load: (slug: string) => Promise<T>): ModelCache<T> {
  const entries = new Map<string, Promise<T>>();
  const minVersion = new Map<string, number>();

  const fetch = async (slug: string): Promise<T> => {
    for (;;) {
      const model = await load(slug);
      // A change that committed while we were loading: load again rather than cache a stale model.
      if (model.version >= (minVersion.get(slug) ?? 0)) return model;
    }
  };

  return {
    get(slug) {
      let entry = entries.get(slug);
      if (!entry) {
        entry = fetch(slug);
        entries.set(slug, entry);
        entry.catch(() => entries.delete(slug));
      }
      return entry;
    },
    invalidate(slug, version) {
      minVersion.set(slug, Math.max(version, minVersion.get(slug) ?? 0));
      entries.delete(slug);
    },
    clear() {
      entries.clear();
    },
  };
}
