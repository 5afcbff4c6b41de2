import { AppError } from '../kernel/index.ts';
import { qualify, quoteIdent, searchVectorSql, SEARCH_COLUMN, SEARCH_QUERY_SQL } from '../db/index.ts';
import { searchableFields, searchColumn } from '../field-types/index.ts';
import type { FieldDef } from '../metadata/index.ts';
import type { CompiledModel, CompiledObject } from '../contracts/index.ts';
import type { RecordAccess } from '../access/index.ts';
import type { SqlFragment } from './filter.ts';
import { assertCanRead } from './field-guard.ts';

/** Longest search text, in characters. */
export const MAX_SEARCH_LENGTH = 200;
/** Global search: how many matches of one object are ranked (and counted exactly). */
export const SEARCH_WINDOW = 1000;
export const DEFAULT_SEARCH_LIMIT = 5;
export const MAX_SEARCH_LIMIT = 50;

const invalid = (name: string, message: string) => new AppError('invalid_parameter', `${name} ${message}`, { errors: [{ field: name, message }] });

/** What a user typed → the search text: a string of 1 to 200 characters once trimmed. Anything in it is text, never syntax. */
export function parseSearchText(value: unknown, name = 'q'): string {
  if (typeof value !== 'string') throw invalid(name, 'must be a string');
  const text = value.trim();
  if (text === '') throw invalid(name, 'must not be empty');
  if ([...text].length > MAX_SEARCH_LENGTH) throw invalid(name, `must be at most ${MAX_SEARCH_LENGTH} characters`);
  if (text.includes('\u0000')) throw invalid(name, 'must not contain the NUL character');
  return text;
}

interface SearchFields {
  /** Every searchable column, in the order the search column reads them. */
  all: string[];
  /** The searchable fields the actor may read. */
  readable: FieldDef[];
}

function fieldsOf(model: CompiledModel, object: CompiledObject, access: RecordAccess): SearchFields {
  const fields = searchableFields(object.def, model.registry);
  return { all: fields.map((f) => searchColumn(f, model.registry)), readable: fields.filter((f) => access.fields.readable.has(f.api_name)) };
}

function matchSql(model: CompiledModel, fields: SearchFields, text: string): SqlFragment {
  // The search column (GIN-indexed) finds candidates; when some searchable field is hidden from the actor,
  // the readable fields alone must match too, or a hidden value would make its record show up.
  const indexed = `${quoteIdent(SEARCH_COLUMN)} @@ ${SEARCH_QUERY_SQL}`;
  if (fields.readable.length === fields.all.length) return { sql: indexed, bindings: [text] };
  if (fields.readable.length === 0) return { sql: 'false', bindings: [] };
  const readable = fields.readable.map((f) => searchColumn(f, model.registry));
  return { sql: `${indexed} and ${searchVectorSql(readable)} @@ ${SEARCH_QUERY_SQL}`, bindings: [text, text] };
}

/**
 * The list condition of `q`: rows whose searchable fields the actor may read hold every term
 * (docs/search.md). 400 for a bad text or an object with nothing to search.
 */
export function searchCondition(model: CompiledModel, object: CompiledObject, q: unknown, access: RecordAccess): SqlFragment {
  const text = parseSearchText(q);
  const fields = fieldsOf(model, object, access);
  if (fields.all.length === 0) throw invalid('q', `cannot be used: "${object.def.api_name}" has no searchable fields`);
  return matchSql(model, fields, text);
}

export interface SearchPlan extends SqlFragment {
  /** The readable searchable fields; row column `__m<i>` tells whether field i matched. */
  fields: string[];
  /** The name field when the actor may read it (selected as `__name`). */
  nameField: string | null;
}

/**
 * One object's part of a global search: up to SEARCH_WINDOW + 1 matching rows the actor may read,
 * ranked name matches first, then most recently updated; `limit` of them with `__total` (the matches
 * counted, at most the window + 1) and which readable fields matched. Null when the actor can read
 * no searchable field of the object.
 */
export function planSearch(model: CompiledModel, object: CompiledObject, text: string, access: RecordAccess, limit: number): SearchPlan | null {
  assertCanRead(access);
  const fields = fieldsOf(model, object, access);
  if (fields.readable.length === 0) return null;
  const registry = model.registry;
  const nameDef = object.def.fields.find((f) => f.api_name === object.def.name_field);
  const nameField = nameDef && access.fields.readable.has(nameDef.api_name) ? nameDef : null;
  const columns = [...new Set([...(nameField ? [searchColumn(nameField, registry)] : []), ...fields.readable.map((f) => searchColumn(f, registry))])];
  const match = matchSql(model, fields, text);
  const where: string[] = [`${quoteIdent('deleted_at')} is null`, `(${match.sql})`];
  const whereBindings: unknown[] = [...match.bindings];
  if (access.readFilter) {
    where.push(`(${access.readFilter.sql})`);
    whereBindings.push(...access.readFilter.bindings);
  }
  // Which fields hold the text is asked of each one; with one readable searchable field it is that one.
  const only = fields.readable.length === 1;
  const hit = (f: FieldDef) => (only ? { sql: 'true', bindings: [] } : { sql: `${searchVectorSql([searchColumn(f, registry)])} @@ ${SEARCH_QUERY_SQL}`, bindings: [text] });
  const nameSearchable = nameField !== null && fields.readable.includes(nameField);
  const nameHit = nameSearchable ? hit(nameField) : { sql: 'false', bindings: [] };
  const matched = fields.readable.map((f, i) => ({ ...hit(f), sql: `${hit(f).sql} as ${quoteIdent(`__m${i}`)}` }));
  const order = `${quoteIdent('__name_hit')} desc, ${quoteIdent('updated_at')} desc, ${quoteIdent('id')} desc`;
  const name = nameField ? `, ${quoteIdent(searchColumn(nameField, registry))} as ${quoteIdent('__name')}` : '';
  const sql =
    `select *${name}, ${matched.map((m) => m.sql).join(', ')} from (` +
    `select h.*, count(*) over () as ${quoteIdent('__total')}, ${nameHit.sql} as ${quoteIdent('__name_hit')} from (` +
    `select ${['id', 'updated_at', ...columns].map(quoteIdent).join(', ')} from ${qualify(model.tenant.schema, object.def.api_name)} where ${where.join(' and ')} limit ?` +
    `) h order by ${order} limit ?) s order by ${order}`;
  return {
    sql,
    bindings: [...matched.flatMap((m) => m.bindings), ...nameHit.bindings, ...whereBindings, SEARCH_WINDOW + 1, limit],
    fields: fields.readable.map((f) => f.api_name),
    nameField: nameField?.api_name ?? null,
  };
}
