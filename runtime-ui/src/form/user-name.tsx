import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import type { DirectoryUser } from './user-picker.tsx';

/** A user field's value as a name (the user directory, cached with the picker's), the id until it arrives. */
export function UserName({ id }: { id: string }) {
  const user = useQuery({
    queryKey: ['user', id],
    queryFn: async () => (await api<{ items: DirectoryUser[] }>('GET', `/api/users?id=${encodeURIComponent(id)}`)).items[0] ?? null,
    staleTime: 60_000,
  });
  if (!user.data) return <span className="user-name">{user.isLoading ? '…' : id.slice(0, 8)}</span>;
  return (
    <span className="user-name" title={user.data.email}>
      {user.data.name}
    </span>
  );
}
