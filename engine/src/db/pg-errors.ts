import { AppError } from '../kernel/index.ts';

interface PgLikeError {
  code?: string;
  detail?: string;
  column?: string;
  constraint?: string;
  message?: string;
}

function isPgError(err: unknown): err is PgLikeError {
  return typeof err === 'object' && err !== null && typeof (err as PgLikeError).code === 'string' && /^[0-9A-Z]{5}$/.test((err as PgLikeError).code ?? '');
}

/** The column named in a PostgreSQL error detail such as `Key (email)=(x) already exists.` */
function keyColumn(detail: string | undefined): string | undefined {
  const match = /^Key \(([^)]+)\)=/.exec(detail ?? '');
  return match?.[1];
}

/**
 * The one place that maps PostgreSQL error codes to domain errors. Messages never echo the
 * offending value: it may be a field the caller is not allowed to read.
 */
export function translatePgError(err: unknown): unknown {
  if (!isPgError(err)) return err;
  const column = err.column ?? keyColumn(err.detail);
  const field = column?.replace(/__[a-z]+$/, '');
  switch (err.code) {
    case '23505':
      return new AppError('unique_violation', 'This value is already used by another record', {
        errors: field ? [{ field, message: 'must be unique; this value is already used', code: 'unique' }] : undefined,
        cause: err,
      });
    case '23001': // restrict_violation: ON DELETE RESTRICT while rows still point here
    case '23503':
      return new AppError('reference_violation', 'The record points at a record that does not exist, or is still referenced', {
        errors: field ? [{ field, message: 'refers to a record that does not exist or is still referenced', code: 'reference' }] : undefined,
        cause: err,
      });
    case '23502':
      return new AppError('validation_failed', 'A required value is missing', {
        errors: field ? [{ field, message: 'is required', code: 'required' }] : undefined,
        cause: err,
      });
    case '22P02':
    case '22003':
    case '22007':
    case '22008':
    case '22001':
    case '22021':
    case '22P05':
      return new AppError('validation_failed', 'A value does not fit its field (or holds a character the database cannot store, such as \\u0000)', { cause: err });
    case '42P07':
    case '42701':
    case '42710':
      return new AppError('schema_conflict', 'The change collides with a table, column, index or constraint that already exists in the database; nothing was applied', { cause: err });
    case '55P03':
    case '57014':
      return new AppError('busy', 'Another change held the tables too long; nothing was applied, try again', { cause: err });
    case '40P01': // deadlock_detected: two saves waited on each other's rows; PostgreSQL rolled this one back
    case '40001': // serialization_failure
      return new AppError('busy', 'Another save held the same records at the same moment; nothing was applied, try again', { cause: err });
    case '57P01':
    case '57P03':
    case '08000':
    case '08003':
    case '08006':
      return new AppError('database_unavailable', undefined, { cause: err });
    default:
      return err;
  }
}
