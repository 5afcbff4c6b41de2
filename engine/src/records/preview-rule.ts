import { AppError, isAppError, isUuid, type FieldError, type JsonValue } from '../kernel/index.ts';
import { qualify, query, quoteIdent } from '../db/index.ts';
import type { FieldDef, ObjectDef } from '../metadata/index.ts';
import { FORMULA_RETURN_TYPES, formulaOutput, type FormulaReturnType } from '../field-types/index.ts';
import { compileFormula, evaluateRule, metadataScope, truthy } from '../logic/index.ts';
import { validateObject } from '../schema/index.ts';
import type { CompiledObject } from '../contracts/index.ts';
import { requireCompiledObject, type RecordContext } from './record-context.ts';
import { expandLookups, ruleEnvOf, ruleRecord, withFormulas } from './rule-data.ts';
import { rulePlanOf } from './rule-plan.ts';

export type PreviewKind = 'formula' | 'condition' | 'default';

/** The body of POST /api/meta/objects/:object/preview-rule (docs/http-api.md#rule-preview). */
export interface PreviewInput {
  rule: JsonValue;
  kind: PreviewKind;
  /** formula (required) and default: the type of value the rule must give. */
  return_type?: FormulaReturnType;
  /** formula: decimals kept (number only). */
  scale?: number;
  /** default: the field whose default_rule this is (its type is then the one checked). */
  field?: string;
  /** The sample record; else the most recently updated live one. */
  record_id?: string;
}

export interface RulePreview {
  record: { id: string; name: unknown };
  /** The rule's value on the record: for a formula, computed by PostgreSQL as lists show it. */
  value: unknown;
  /** formula: the same value computed in JavaScript (as validation rules and forms see it). */
  js_value?: unknown;
  /** condition: whether it holds (a validation rule holding refuses the save). */
  truthy?: boolean;
}

const KINDS: readonly string[] = ['formula', 'condition', 'default'];
const PROPERTIES = new Set(['rule', 'kind', 'return_type', 'scale', 'field', 'record_id']);
/** A default with a return type is checked as filling a field of that type; without one, any value fits. */
const DEFAULT_FIELD_OF: Record<FormulaReturnType | 'any', Omit<FieldDef, 'api_name' | 'label'>> = {
  number: { type: 'decimal', precision: 18, scale: 6 },
  text: { type: 'text' },
  boolean: { type: 'boolean' },
  date: { type: 'date' },
  datetime: { type: 'datetime' },
  any: { type: 'json' },
};

const invalid = (errors: FieldError[]) => new AppError('invalid_metadata', `The rule preview has ${errors.length} problem(s): ${errors[0]?.field} ${errors[0]?.message}`, { errors });

/** The body checked for its shape; the rule itself is checked by `checkPreviewRule`. */
export function parsePreviewInput(body: unknown): PreviewInput {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid([{ field: 'body', message: 'must be a JSON object {rule, kind, return_type?, record_id?}', code: 'invalid_metadata' }]);
  const input = body as Record<string, unknown>;
  const errors: FieldError[] = [];
  for (const key of Object.keys(input)) if (!PROPERTIES.has(key)) errors.push({ field: key, message: 'is not a property of a rule preview', code: 'invalid_metadata' });
  if (!('rule' in input) || input.rule === undefined) errors.push({ field: 'rule', message: 'the JSON-logic rule to preview is required', code: 'required' });
  if (typeof input.kind !== 'string' || !KINDS.includes(input.kind)) errors.push({ field: 'kind', message: `must be one of ${KINDS.join(', ')}`, code: 'invalid_metadata' });
  if (input.return_type !== undefined && !FORMULA_RETURN_TYPES.includes(input.return_type as FormulaReturnType)) {
    errors.push({ field: 'return_type', message: `must be one of ${FORMULA_RETURN_TYPES.join(', ')}`, code: 'invalid_metadata' });
  }
  if (input.kind === 'formula' && input.return_type === undefined) errors.push({ field: 'return_type', message: `a formula declares the type of its value: ${FORMULA_RETURN_TYPES.join(', ')}`, code: 'required' });
  if (input.scale !== undefined && !(Number.isInteger(input.scale) && (input.scale as number) >= 0 && (input.scale as number) <= 15)) errors.push({ field: 'scale', message: 'must be an integer from 0 to 15', code: 'invalid_metadata' });
  if (input.field !== undefined && typeof input.field !== 'string') errors.push({ field: 'field', message: 'must be the API name of a field', code: 'invalid_metadata' });
  // A property the kind does not use is refused rather than silently ignored (the answer would not be what was asked).
  if (input.field !== undefined && input.kind !== 'default') errors.push({ field: 'field', message: 'only a default rule names a field', code: 'invalid_metadata' });
  if (input.scale !== undefined && input.kind !== 'formula') errors.push({ field: 'scale', message: 'only a formula has a scale', code: 'invalid_metadata' });
  if (input.return_type !== undefined && (input.kind === 'condition' || input.field !== undefined)) {
    errors.push({ field: 'return_type', message: input.kind === 'condition' ? 'a condition gives true or false' : 'the type of a field’s default is the field’s own', code: 'invalid_metadata' });
  }
  if (input.record_id !== undefined && typeof input.record_id !== 'string') errors.push({ field: 'record_id', message: 'must be a record id', code: 'invalid_metadata' });
  if (errors.length > 0) throw invalid(errors);
  return input as unknown as PreviewInput;
}

function freeName(def: ObjectDef, base: string): string {
  const taken = new Set(def.fields.map((f) => f.api_name));
  let name = base;
  for (let i = 2; taken.has(name); i += 1) name = `${base}_${i}`;
  return name;
}

/** The object as it would be saved with the rule in its place, and where the rule sits in it. */
function withRule(def: ObjectDef, input: PreviewInput): { def: ObjectDef; at: string; settings: Record<string, string> } {
  const rule = input.rule;
  if (input.kind === 'condition') {
    return { def: { ...def, validation_rules: [{ api_name: 'preview', condition: rule, message: { en: 'Preview' }, active: true }] }, at: 'validation_rules.0.condition', settings: {} };
  }
  if (input.kind === 'formula') {
    const name = freeName(def, 'preview_formula');
    const field: FieldDef = { api_name: name, type: 'formula', label: { en: 'Preview' }, expression: rule, return_type: input.return_type, ...(input.scale !== undefined ? { scale: input.scale } : {}) };
    return { def: { ...def, fields: [...def.fields, field] }, at: `fields.${name}.expression`, settings: { [`fields.${name}.return_type`]: 'return_type', [`fields.${name}.scale`]: 'scale' } };
  }
  if (input.field !== undefined) {
    const target = def.fields.find((f) => f.api_name === input.field && !f.archived);
    if (!target) throw invalid([{ field: 'field', message: `"${input.field}" is not an active field of "${def.api_name}"`, code: 'unknown_field' }]);
    const fields = def.fields.map((f) => {
      if (f !== target) return f;
      const { default: _literal, ...rest } = f;
      return { ...rest, default_rule: rule };
    });
    return { def: { ...def, fields }, at: `fields.${target.api_name}.default_rule`, settings: {} };
  }
  const name = freeName(def, 'preview_default');
  const field = { api_name: name, label: { en: 'Preview' }, ...DEFAULT_FIELD_OF[input.return_type ?? 'any'], default_rule: rule } as FieldDef;
  return { def: { ...def, fields: [...def.fields, field] }, at: `fields.${name}.default_rule`, settings: {} };
}

/** An error of the whole definition, renamed to its place in the request: `rule.<path in the rule>`, `return_type`… */
function renamed(error: FieldError, at: string, settings: Record<string, string>): FieldError {
  // The NUL check names places with '/'; every other check with '.'.
  const field = error.field.startsWith(at) ? error.field : error.field.replaceAll('/', '.');
  if (field === at) return { ...error, field: 'rule' };
  if (field.startsWith(`${at}.`)) return { ...error, field: `rule.${field.slice(at.length + 1)}` };
  return { ...error, field: settings[field] ?? field };
}

/**
 * Checks the rule exactly as saving it would: the object is validated with the rule in its place (a
 * validation rule's condition, a formula field's expression, a field's default_rule), so every check
 * of the save applies — operations, paths through lookups, forbidden segments, types, depth, size.
 * Throws 422 invalid_metadata naming each problem's place as `rule.<path in the rule>`.
 */
export function checkPreviewRule(ctx: RecordContext, object: CompiledObject, input: PreviewInput): void {
  const { def, at, settings } = withRule(object.def, input);
  try {
    validateObject(def, ctx.model.metadata, ctx.model.registry, ctx.model.operators);
  } catch (err) {
    if (!isAppError(err)) throw err;
    throw invalid((err.errors ?? [{ field: 'rule', message: err.message }]).map((e) => renamed(e, at, settings)));
  }
}

async function sampleRow(ctx: RecordContext, object: CompiledObject, recordId: string | undefined): Promise<Record<string, unknown>> {
  const table = qualify(ctx.model.tenant.schema, object.def.api_name);
  const live = `${quoteIdent('deleted_at')} is null`;
  if (recordId !== undefined) {
    const row = isUuid(recordId) ? (await query(ctx.knex, `select * from ${table} where ${quoteIdent('id')} = ? and ${live}`, [recordId]))[0] : undefined;
    if (!row) throw new AppError('record_not_found', `There is no live ${object.def.api_name} record "${recordId}"`);
    return row;
  }
  const row = (await query(ctx.knex, `select * from ${table} where ${live} order by ${quoteIdent('updated_at')} desc, ${quoteIdent('id')} desc limit 1`))[0];
  if (!row) throw new AppError('record_not_found', `There are no ${object.def.api_name} records yet to preview the rule on: create one first`);
  return row;
}

/**
 * PostgreSQL could not even parse the statement: its parser ran out of stack ("memory exhausted", 42601) or a
 * program limit was hit (class 54: "stack depth limit exceeded", too many arguments) — a formula of thousands of
 * operands. The formula must be made smaller; it is no fault on our side.
 */
function beyondPostgres(err: unknown): boolean {
  // In a transaction knex puts the statement before PostgreSQL's message: "select … - memory exhausted at or near …".
  if (typeof err !== 'object' || err === null) return false;
  const { code, message } = err as { code?: unknown; message?: unknown };
  return (typeof code === 'string' && code.startsWith('54')) || (code === '42601' && typeof message === 'string' && /(^| - )memory exhausted at or near /.test(message));
}

/** A formula's value computed by PostgreSQL for one record, as the query stage selects formula fields. */
async function formulaInSql(ctx: RecordContext, object: CompiledObject, input: PreviewInput, id: string, env: { now: Date; timeZone: string; userId: string }): Promise<unknown> {
  const returnType = input.return_type as FormulaReturnType;
  const ruleCtx = { now: env.now, timeZone: env.timeZone, userId: env.userId };
  const { metadata, registry, operators } = ctx.model;
  const scope = metadataScope({ metadata, registry, object: object.def.api_name, schema: ctx.model.tenant.schema, alias: 'r', operators, ctx: ruleCtx });
  const sql = compileFormula({ expression: input.rule, returnType, scale: input.scale ?? 2 }, scope, { operators, ctx: ruleCtx });
  const table = qualify(ctx.model.tenant.schema, object.def.api_name);
  let rows: Array<{ value: unknown }>;
  try {
    rows = await query<{ value: unknown }>(ctx.knex, `select ${sql.sql} as ${quoteIdent('value')} from ${table} as ${quoteIdent('r')} where ${quoteIdent('r')}.${quoteIdent('id')} = ?`, [...sql.bindings, id]);
  } catch (err) {
    if (beyondPostgres(err)) {
      throw invalid([{ field: 'rule', message: 'is too large for PostgreSQL to compute (too many operands or levels); make it smaller', code: 'too_large' }]);
    }
    throw err;
  }
  const def: FieldDef = { api_name: 'value', type: 'formula', label: {}, expression: input.rule, return_type: returnType, scale: input.scale };
  return registry.require('formula').fromColumns({ value: rows[0]?.value ?? null }, def);
}

/**
 * Runs a rule on a real record without saving anything (admins; the designer's previews): checks it as
 * saving would, loads the sample record as validation rules see it (every field, no field mask, the
 * lookups the rule follows two levels deep, formulas computed), evaluates it in the admin's time zone —
 * on update terms with nothing changed (`prior` is the record, `changed` false) — and for a formula
 * also computes it in SQL.
 */
export async function previewRule(ctx: RecordContext, objectName: string, body: unknown): Promise<RulePreview> {
  const object = requireCompiledObject(ctx.model, objectName);
  const input = parsePreviewInput(body);
  checkPreviewRule(ctx, object, input);
  // Only a checked rule runs, and only in a read-only transaction: whatever it compiles to, nothing can be written.
  return ctx.knex.transaction(async (trx) => {
    await trx.raw('set transaction read only');
    return runPreview({ ...ctx, knex: trx }, object, input);
  });
}

async function runPreview(ctx: RecordContext, object: CompiledObject, input: PreviewInput): Promise<RulePreview> {
  const row = await sampleRow(ctx, object, input.record_id);
  const env = await ruleEnvOf(ctx, ctx.knex);
  const record = ruleRecord(object, row);
  const name = record[object.def.name_field] ?? null;
  const id = String(record.id);
  if (input.kind !== 'default') {
    // The lookups this rule follows, worked out as for a validation rule of the object.
    const probe: CompiledObject = { ...object, def: { ...object.def, validation_rules: [{ api_name: 'preview', condition: input.rule, message: { en: 'Preview' }, active: true }] } };
    await expandLookups(ctx, ctx.knex, rulePlanOf(ctx.model, probe).lookups, record, env);
  }
  withFormulas(ctx.model, object, record, env);
  const options = { operators: ctx.model.operators, ctx: { now: env.now, timeZone: env.timeZone, userId: env.userId, prior: record } };
  const raw = evaluateRule(input.rule, record, options);
  const result = { record: { id, name } };
  if (input.kind === 'formula') {
    const def: FieldDef = { api_name: 'value', type: 'formula', label: {}, return_type: input.return_type, scale: input.scale };
    return { ...result, value: await formulaInSql(ctx, object, input, id, env), js_value: formulaOutput(raw, def) };
  }
  if (input.kind === 'condition') return { ...result, value: raw ?? null, truthy: truthy(raw) };
  return { ...result, value: raw ?? null };
}
