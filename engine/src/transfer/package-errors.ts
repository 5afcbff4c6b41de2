import { AppError, isAppError, type ErrorObject, type FieldError } from '../kernel/index.ts';

/** `objects/customer.json#fields.3.type`: the file, then the path inside it (dots, as everywhere). */
export function at(file: string, path = ''): string {
  return path ? `${file}#${path}` : file;
}

/** ajv errors of one file → problems naming the file and the path in it. */
export function schemaErrors(file: string, errors: ErrorObject[] | null | undefined): FieldError[] {
  const seen = new Set<string>();
  const out: FieldError[] = [];
  for (const e of errors ?? []) {
    const params = e.params as { missingProperty?: string; additionalProperty?: string };
    const child = params.missingProperty ?? params.additionalProperty;
    const path = [e.instancePath.replace(/^\//, '').replace(/\//g, '.'), child].filter(Boolean).join('.');
    const message = e.keyword === 'additionalProperties' ? 'is not a known property' : e.keyword === 'required' ? 'is required' : (e.message ?? 'is not valid');
    const key = `${path}:${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ field: at(file, path), message, code: e.keyword });
  }
  return out;
}

export function invalidPackage(errors: FieldError[], cause?: unknown): AppError {
  const first = errors[0];
  return new AppError('invalid_package', `The package has ${errors.length} problem(s)${first ? `: ${first.field} ${first.message}` : ''}`, { errors, cause });
}

/**
 * An engine error while installing part of a package → `invalid_package` naming the file (and record)
 * it came from; the original code stays on each problem. Anything but an AppError is a bug and passes.
 */
export function rethrowIn(err: unknown, file: string, path = ''): never {
  // Only problems with the content are the package's; a busy or unreachable database is not.
  if (!isAppError(err) || err.code === 'invalid_package' || err.status >= 500) throw err;
  const problems = err.errors?.length ? err.errors : [{ field: '', message: err.message }];
  throw invalidPackage(
    problems.map((e) => ({ field: at(file, [path, e.field].filter(Boolean).join('.')), message: e.message, code: e.code ?? err.code })),
    err,
  );
}
