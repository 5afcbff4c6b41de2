import { useEffect, useState } from 'react';
import { ApiError, planChange } from './api.ts';
import { apiNameProblemKey, type ApiNameProblem } from './api-name.ts';

/**
 * Checks an API name as it is typed: the syntax rule at once, then (after a pause) the engine's verdict on
 * the same change planned with POST /api/meta/plan — reserved words, a name already taken.
 * `object` undefined checks an object name, otherwise a field name on that object. `local` is a syntax
 * problem (a text key), `problem` the engine's own words.
 */
export function useNameCheck(name: string, object?: string): { local?: ApiNameProblem; problem?: string; checking: boolean } {
  const local = apiNameProblemKey(name);
  const [remote, setRemote] = useState<{ name: string; problem?: string }>();
  useEffect(() => {
    if (local) return;
    let live = true;
    const timer = setTimeout(() => {
      const change = object === undefined ? ({ kind: 'create_object', definition: { api_name: name } } as const) : ({ kind: 'create_field', object, definition: { api_name: name, type: 'text' } } as const);
      planChange(change).then(
        () => live && setRemote({ name }),
        (err: unknown) => {
          if (!live) return;
          const problem = err instanceof ApiError ? (err.errors.find((e) => /api_name$/.test(e.field) || e.field === name || e.field.endsWith(`.${name}`)) ?? (err.code === 'duplicate_name' ? { message: err.message } : undefined)) : undefined;
          setRemote({ name, problem: problem?.message });
        },
      );
    }, 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [name, object, local]);
  if (local) return { local, checking: false };
  if (remote?.name !== name) return { checking: true };
  return { problem: remote.problem, checking: false };
}
