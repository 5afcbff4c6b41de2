import { describe, expect, it } from 'vitest';
import { createBuiltinRegistry } from '../../engine/src/field-types/index.ts';
import { engineAjv, sampleField } from './support.ts';

const registry = createBuiltinRegistry();

describe('date', () => {
  const type = registry.require('date');
  const validate = engineAjv.compile(type.valueSchema(sampleField(type)));
  it.each(['2024-02-29', '2000-02-29', '2026-12-31', '1000-01-01', '9999-12-31'])('accepts %s', (value) => expect(validate(value)).toBe(true));
  it.each(['2025-02-30', '2025-02-29', '1900-02-29', '2025-04-31', '2025-00-10', '2025-01-00', '2025-1-01', '0999-12-31', ' 2025-01-01', '2025-01-01Z'])('refuses %s', (value) =>
    expect(validate(value)).toBe(false),
  );
});

describe('datetime', () => {
  const type = registry.require('datetime');
  const field = sampleField(type);
  const validate = engineAjv.compile(type.valueSchema(field));
  it.each([
    ['2026-03-01T09:30:00+08:00', '2026-03-01T01:30:00.000Z'],
    ['2026-03-01T00:30:00+08:00', '2026-02-28T16:30:00.000Z'],
    ['2024-02-29T23:00:00-01:00', '2024-03-01T00:00:00.000Z'],
    ['2026-03-01T09:30:00.987654321+05:45', '2026-03-01T03:45:00.987Z'],
    ['2026-06-30T12:00:00Z', '2026-06-30T12:00:00.000Z'],
  ])('stores %s as %s', (input, utc) => {
    expect(validate(input)).toBe(true);
    expect(type.toColumns(input, field)).toEqual({ f: utc });
    expect(type.fromColumns({ f: new Date(utc) }, field)).toBe(utc);
  });
  it.each(['2026-03-01T09:30:00', '2026-03-01T09:30:00+0800', '2026-03-01T09:30:00+08', '2026-03-01t09:30:00z', '2025-02-30T10:00:00Z', '3000-01-01T00:00:00Z', '2026-03-01T09:30:00+24:00'])('refuses %s', (value) =>
    expect(validate(value)).toBe(false),
  );
});
