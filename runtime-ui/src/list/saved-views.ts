import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client.ts';

/** What a view remembers: the columns, the sort and a JSON-logic filter. */
export interface ViewDefinition {
  columns?: string[];
  sort?: string;
  filter?: unknown;
}

/** A saved view the user may use: their own (private or shared) or one a colleague shares. */
export interface SavedView {
  id: string;
  name: string;
  shared: boolean;
  /** The user's own view (else a colleague's shared one). */
  mine: boolean;
  /** The user may change or delete it: its owner, or an administrator. */
  editable: boolean;
  definition: ViewDefinition;
}

/** One entry of GET /api/views/:object: an admin's list view (`kind: admin`) or a saved view. */
interface ViewEntry {
  kind: 'admin' | 'saved';
  id?: string;
  name: string;
  columns: string[] | null;
  sort: string | null;
  filter: unknown;
  owner_id?: string;
  shared?: boolean;
  editable: boolean;
}

/** The saved views the user may use; the admin's list views come with the object's metadata. */
export function useSavedViews(object: string, userId: string | undefined) {
  return useQuery({
    queryKey: ['saved-views', object, userId],
    enabled: userId !== undefined,
    queryFn: async () => {
      const { items } = await api<{ items: ViewEntry[] }>('GET', `/api/views/${encodeURIComponent(object)}`);
      return items
        .filter((entry) => entry.kind === 'saved' && entry.id !== undefined)
        .map(
          (entry): SavedView => ({
            id: String(entry.id),
            name: entry.name,
            shared: entry.shared === true,
            mine: entry.owner_id === userId,
            editable: entry.editable,
            definition: { columns: entry.columns ?? undefined, sort: entry.sort ?? undefined, filter: entry.filter ?? undefined },
          }),
        );
    },
  });
}

export interface SaveViewInput {
  id?: string;
  name: string;
  shared: boolean;
  definition: ViewDefinition;
}

/** Saves a view: POST a new one, or PATCH the user's own. Answers its id. */
export function useSaveView(object: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, name, shared, definition }: SaveViewInput) => {
      const base = `/api/views/${encodeURIComponent(object)}`;
      // null clears what the view remembered before (PATCH changes only what is sent).
      const body = { name, shared, columns: definition.columns ?? null, sort: definition.sort || null, filter: definition.filter ?? null };
      const saved = await api<{ id: string }>(id ? 'PATCH' : 'POST', id ? `${base}/${encodeURIComponent(id)}` : base, body);
      return String(saved.id ?? id);
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['saved-views', object] }),
  });
}

export function useDeleteView(object: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>('DELETE', `/api/views/${encodeURIComponent(object)}/${encodeURIComponent(id)}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['saved-views', object] }),
  });
}
