/** Where admins placed the ER diagram's boxes, through the public API (GET / PUT /api/meta/diagram, docs/http-api.md). */
import { useQuery } from '@tanstack/react-query';
import { api } from './api.ts';

export type Point = { x: number; y: number };
export type Positions = Record<string, Point>;

const KEY = ['diagram-positions'];

/** Read afresh each time the diagram opens (not kept in the cache): another admin may have moved boxes meanwhile. */
export function useDiagramPositions() {
  return useQuery({ queryKey: KEY, queryFn: async () => (await api<{ positions: Positions }>('GET', '/api/meta/diagram')).positions, gcTime: 0 });
}

/**
 * Saves every box's place, replacing the saved ones. The query is not updated with the answer: the canvas
 * already shows those places, and redrawing it could move a box being dragged meanwhile.
 */
export async function savePositions(positions: Positions): Promise<Positions> {
  return (await api<{ positions: Positions }>('PUT', '/api/meta/diagram', { positions })).positions;
}
