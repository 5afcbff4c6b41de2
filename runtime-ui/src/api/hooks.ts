import { useQuery } from '@tanstack/react-query';
import { api } from './client.ts';
import type { FormDefinition, Me, ObjectDef } from './types.ts';

export function useMe() {
  return useQuery({ queryKey: ['me'], queryFn: () => api<Me>('GET', '/api/auth/me'), retry: false, staleTime: Infinity });
}

/** Every active object with its fields: navigation, list columns, record pages. */
export function useObjects() {
  return useQuery({ queryKey: ['objects'], queryFn: async () => (await api<{ items: ObjectDef[] }>('GET', '/api/meta/objects')).items, staleTime: 60_000 });
}

export function useObject(name: string | undefined): { object: ObjectDef | undefined; isLoading: boolean; error: unknown } {
  const objects = useObjects();
  return { object: objects.data?.find((o) => o.api_name === name), isLoading: objects.isLoading, error: objects.error };
}

export function useForm(object: string, mode: 'create' | 'update', locale: string) {
  return useQuery({
    queryKey: ['form', object, mode, locale],
    queryFn: () => api<FormDefinition>('GET', `/api/forms/${encodeURIComponent(object)}?mode=${mode}&locale=${encodeURIComponent(locale)}`),
  });
}
