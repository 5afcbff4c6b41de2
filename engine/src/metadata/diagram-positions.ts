import { AppError, type FieldError } from '../kernel/index.ts';

/** Where a box sits on a diagram, in the canvas's own units. */
export interface DiagramPoint {
  x: number;
  y: number;
}

/** Positions by object API name. */
export type DiagramPositions = Record<string, DiagramPoint>;

/** At most this many boxes per diagram, and coordinates within ±LIMIT: a canvas, not a data store. */
export const MAX_DIAGRAM_POSITIONS = 1000;
export const DIAGRAM_COORDINATE_LIMIT = 1_000_000;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function coordinateErrors(point: unknown, at: string): FieldError[] {
  if (!isRecord(point)) return [{ field: at, message: 'must be an object {x, y}', code: 'invalid_metadata' }];
  const errors: FieldError[] = [];
  for (const key of Object.keys(point)) if (key !== 'x' && key !== 'y') errors.push({ field: `${at}.${key}`, message: 'is not a property of a position (x, y)', code: 'invalid_metadata' });
  for (const axis of ['x', 'y'] as const) {
    const value = point[axis];
    if (typeof value !== 'number' || !Number.isFinite(value)) errors.push({ field: `${at}.${axis}`, message: 'must be a finite number', code: 'invalid_metadata' });
    else if (Math.abs(value) > DIAGRAM_COORDINATE_LIMIT) errors.push({ field: `${at}.${axis}`, message: `must be between -${DIAGRAM_COORDINATE_LIMIT} and ${DIAGRAM_COORDINATE_LIMIT}`, code: 'invalid_metadata' });
  }
  return errors;
}

/**
 * The body of `PUT /api/meta/diagram` — `{positions: {object: {x, y}}}` — checked against the tenant's
 * objects: known API names only, finite coordinates within ±1e6, at most 1000 entries. Anything else is
 * `422 invalid_metadata` naming the place (`positions.deal.x`).
 */
export function parseDiagramPositions(body: unknown, objects: ReadonlySet<string>): DiagramPositions {
  const errors: FieldError[] = [];
  if (!isRecord(body)) throw new AppError('invalid_metadata', 'The body must be an object {positions}', { errors: [{ field: 'body', message: 'must be an object {positions}', code: 'invalid_metadata' }] });
  for (const key of Object.keys(body)) if (key !== 'positions') errors.push({ field: key, message: 'is not a property of a diagram (positions)', code: 'invalid_metadata' });
  const positions = body.positions;
  if (!isRecord(positions)) {
    errors.push({ field: 'positions', message: 'must be an object of positions by object name', code: 'invalid_metadata' });
    throw new AppError('invalid_metadata', 'The diagram is not valid', { errors });
  }
  const names = Object.keys(positions);
  if (names.length > MAX_DIAGRAM_POSITIONS) errors.push({ field: 'positions', message: `holds at most ${MAX_DIAGRAM_POSITIONS} positions`, code: 'invalid_metadata' });
  else {
    for (const name of names) {
      const at = `positions.${name}`;
      if (!objects.has(name)) errors.push({ field: at, message: `there is no object "${name}"`, code: 'object_not_found' });
      else errors.push(...coordinateErrors(positions[name], at));
    }
  }
  if (errors.length > 0) throw new AppError('invalid_metadata', 'The diagram is not valid', { errors });
  return Object.fromEntries(names.map((name) => [name, { x: (positions[name] as DiagramPoint).x, y: (positions[name] as DiagramPoint).y }]));
}
