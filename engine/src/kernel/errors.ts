/** The error catalogue: every error the engine returns has a stable code listed here. */
export const ERROR_CATALOGUE = {
  bad_request: { status: 400, title: 'Bad request' },
  invalid_json: { status: 400, title: 'The body is not valid JSON' },
  json_too_deep: { status: 400, title: 'The JSON is nested too deeply' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type' },
  payload_too_large: { status: 413, title: 'The request body is too large' },
  invalid_filter: { status: 400, title: 'The filter is not valid' },
  invalid_sort: { status: 400, title: 'The sort is not valid' },
  invalid_cursor: { status: 400, title: 'The cursor is not valid' },
  invalid_parameter: { status: 400, title: 'A query parameter is not valid' },
  export_too_large: { status: 400, title: 'Too many records to export at once; narrow the filter' },
  invalid_if_match: { status: 400, title: 'The If-Match header is not a record version' },
  unauthorized: { status: 401, title: 'Authentication is required' },
  invalid_credentials: { status: 401, title: 'The email or password is wrong' },
  forbidden: { status: 403, title: 'You may not do this' },
  csrf_failed: { status: 403, title: 'The X-CSRF-Token header is missing or does not match this session' },
  reset_token_invalid: { status: 400, title: 'The password reset token is unknown, expired or already used' },
  route_not_found: { status: 404, title: 'No such route' },
  object_not_found: { status: 404, title: 'No such object' },
  field_not_found: { status: 404, title: 'No such field' },
  record_not_found: { status: 404, title: 'No such record' },
  change_not_found: { status: 404, title: 'No such metadata change' },
  layout_not_found: { status: 404, title: 'No such layout' },
  view_not_found: { status: 404, title: 'No such list view or saved view' },
  tenant_not_found: { status: 404, title: 'No such tenant' },
  user_not_found: { status: 404, title: 'No such user' },
  department_not_found: { status: 404, title: 'No such department' },
  role_not_found: { status: 404, title: 'No such role' },
  sharing_rule_not_found: { status: 404, title: 'No such sharing rule' },
  permission_set_not_found: { status: 404, title: 'No such permission set' },
  api_key_not_found: { status: 404, title: 'No such API key' },
  duplicate_name: { status: 409, title: 'The name is already taken' },
  tenant_exists: { status: 409, title: 'The tenant already exists' },
  user_exists: { status: 409, title: 'A user with this email already exists' },
  unique_violation: { status: 409, title: 'A unique value is already used' },
  department_not_empty: { status: 409, title: 'The department still has users or sub-departments' },
  still_assigned: { status: 409, title: 'It is still assigned to users' },
  reference_violation: { status: 409, title: 'The record is referenced or references a missing record' },
  rows_would_not_convert: { status: 409, title: 'Some rows would not convert to the new type' },
  change_not_revertible: { status: 409, title: 'This change cannot be reverted' },
  package_version_conflict: { status: 409, title: 'The package version does not fit what the tenant has installed' },
  schema_conflict: { status: 409, title: 'The database already has something by that name: its schema has drifted from the metadata' },
  record_not_binned: { status: 409, title: 'The record is not in the recycle bin' },
  version_conflict: { status: 412, title: 'The record was changed by someone else' },
  invalid_name: { status: 422, title: 'The API name is not valid' },
  reserved_name: { status: 422, title: 'The API name is reserved' },
  unknown_field_type: { status: 422, title: 'Unknown field type' },
  invalid_metadata: { status: 422, title: 'The metadata is not valid' },
  unsafe_type_change: { status: 422, title: 'The type change is not a safe cast' },
  immutable_property: { status: 422, title: 'This property cannot be changed' },
  lookup_target_missing: { status: 422, title: 'The lookup points at an object that does not exist' },
  validation_failed: { status: 422, title: 'The record is not valid' },
  invalid_package: { status: 422, title: 'The package is not valid' },
  invalid_tenant_slug: { status: 422, title: 'The tenant slug is not valid' },
  invalid_view: { status: 422, title: 'The view definition is not valid' },
  invalid_rule: { status: 422, title: 'The rule is not valid' },
  rule_not_compilable: { status: 422, title: 'The rule cannot run in the database' },
  too_many_attempts: { status: 429, title: 'Too many failed attempts; try again later' },
  database_unavailable: { status: 503, title: 'The database is unavailable' },
  busy: { status: 503, title: 'The database is busy with another change; try again' },
  internal_error: { status: 500, title: 'Internal error' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** One problem with one field of an input, as returned in a 422's `errors` list. */
export interface FieldError {
  field: string;
  message: string;
  code?: string;
  /** What a client needs to word the error itself in its user's language: `{limit: 100}` for maxLength. */
  params?: Record<string, string | number>;
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail?: string;
  errors?: FieldError[];
  [extra: string]: unknown;
}

/** The only error class the engine throws on purpose; everything else is a bug (500). */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly errors: FieldError[] | undefined;
  readonly extra: Record<string, unknown>;

  constructor(code: ErrorCode, detail?: string, options: { errors?: FieldError[]; extra?: Record<string, unknown>; cause?: unknown } = {}) {
    super(detail ?? ERROR_CATALOGUE[code].title, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = ERROR_CATALOGUE[code].status;
    this.errors = options.errors;
    this.extra = options.extra ?? {};
  }

  toProblem(): ProblemDetails {
    const problem: ProblemDetails = {
      type: `urn:tessera:problem:${this.code}`,
      title: ERROR_CATALOGUE[this.code].title,
      status: this.status,
      code: this.code,
      detail: this.message,
      ...this.extra,
    };
    if (this.errors) problem.errors = this.errors;
    return problem;
  }
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}
