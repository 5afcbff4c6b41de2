import { quoteIdent } from './quote.ts';

/**
 * Full-text search in core PostgreSQL (no extension): a tokenizer that turns a record's searchable
 * text into a tsvector, and a query builder that turns what a user typed into a tsquery over the same
 * tokens. Both are IMMUTABLE and PARALLEL SAFE, so a stored generated column can hold the tokens (GIN-indexed).
 *
 * Tokens (docs/search.md):
 * - CJK runs (Han, kana, Hangul) → every overlapping character bigram, plus the run's last character on
 *   its own; a query run → non-overlapping bigrams covering it (the last one overlapping when the run is
 *   odd), AND-ed, so 北京科技 finds 北京星辰科技有限公司; a one-character query is a prefix term, which
 *   finds the character anywhere (every character starts a bigram or is a run's last).
 * - Latin, Greek and Cyrillic words → lower case, first 64 characters; queried as prefixes (acm → Acme).
 * - Digit runs, with up to three separators between digits removed (138-1234-5678 → 13812345678) →
 *   every suffix, at most 20 digits long, so any fragment is a prefix of a token; queried as prefixes
 *   (chunks of 20 when longer).
 * - Full-width letters and digits read as ASCII; everything else (punctuation, tsquery syntax) separates.
 * A record's text is cut at 30,000 characters, which keeps the vector far below tsvector's 1 MB limit.
 *
 * Query terms are quoted lexemes built from tokens of the classes above (which hold no quote or
 * backslash, escaped anyway), never user text pasted into tsquery syntax. No `?` in any body: knex
 * would read it as a placeholder.
 */
const s = (name: string) => `${quoteIdent('tessera')}.${quoteIdent(name)}`;

const FULL_WIDTH = 'ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ０１２３４５６７８９';
const ASCII = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const CJK = '\\u3040-\\u30ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\uac00-\\ud7af';
const LETTERS = 'a-z\\u00c0-\\u00d6\\u00d8-\\u00f6\\u00f8-\\u024f\\u0370-\\u03ff\\u0400-\\u04ff';
/** Groups: 1 a CJK run, 2 a word, 3 a digit run with separators. */
const RUNS = `([${CJK}]+)|([${LETTERS}]+)|([0-9]+([-.\\s()/+]{1,3}[0-9]+)*)`;

/** Longest digit token: phone numbers with a country code fit, and the vector stays small. */
export const SEARCH_DIGITS = 20;
/** Characters of a record's searchable text that are indexed. */
export const SEARCH_TEXT_LIMIT = 30000;

const pl = 'language plpgsql immutable parallel safe';

export const SEARCH_FUNCTIONS: string[] = [
  // COST: tokenizing a value takes tens of microseconds, far more than an operator; priced so, plans that
  // must tokenize per row (a recheck over the fields an actor may read) keep it to the fewest rows.
  `create or replace function ${s('search_vector')}(variadic parts text[]) returns tsvector ${pl} cost 1000 as $$
  declare
    tokens text[] := '{}';
    m text[];
    c text[];
    d bytea;
    n int;
  begin
    for m in select regexp_matches(lower(translate(left(array_to_string(parts, ' '), ${SEARCH_TEXT_LIMIT}), '${FULL_WIDTH}', '${ASCII}')), '${RUNS}', 'g') loop
      if m[2] is not null then
        tokens := tokens || left(m[2], 64);
        continue;
      end if;
      -- substr() on text walks a long run from its start for every token: CJK runs are split into an
      -- array of characters, digit runs (one byte each) read as bytea.
      if m[1] is not null then
        c := regexp_split_to_array(m[1], '');
        n := cardinality(c);
        for i in 1..n - 1 loop tokens := tokens || (c[i] || c[i + 1]); end loop;
        tokens := tokens || c[n];
      else
        d := convert_to(regexp_replace(m[3], '[^0-9]', '', 'g'), 'UTF8');
        for i in 1..length(d) loop tokens := tokens || encode(substring(d from i for ${SEARCH_DIGITS}), 'escape'); end loop;
      end if;
    end loop;
    return array_to_tsvector(tokens);
  end $$`,
  // NULL when the text holds no token (only punctuation, say): "@@ NULL" matches no row.
  `create or replace function ${s('search_query')}(q text) returns tsquery ${pl} as $$
  declare
    terms text[] := '{}';
    m text[];
    run text;
    n int;
  begin
    for m in select regexp_matches(lower(translate(left(q, 1000), '${FULL_WIDTH}', '${ASCII}')), '${RUNS}', 'g') loop
      if m[2] is not null then
        terms := terms || (left(m[2], 64) || ':*');
      elsif m[1] is not null then
        run := m[1];
        n := length(run);
        if n = 1 then
          terms := terms || (run || ':*');
        else
          for i in 1..n - 1 by 2 loop terms := terms || substr(run, i, 2); end loop;
          if n % 2 = 1 then terms := terms || substr(run, n - 1, 2); end if;
        end if;
      else
        run := regexp_replace(m[3], '[^0-9]', '', 'g');
        for i in 1..length(run) by ${SEARCH_DIGITS} loop terms := terms || (substr(run, i, ${SEARCH_DIGITS}) || ':*'); end loop;
      end if;
    end loop;
    if cardinality(terms) = 0 then return null; end if;
    -- Each term: a quoted lexeme, then ':*' for prefix terms.
    return array_to_string(array(
      select chr(39) || replace(replace(split_part(t, ':', 1), chr(92), chr(92) || chr(92)), chr(39), chr(39) || chr(39)) || chr(39) || case when t like '%:*' then ':*' else '' end
      from unnest(terms) t
    ), ' & ')::tsquery;
  end $$`,
];

/**
 * The stored generated tsvector column of an object with searchable fields (GIN-indexed). API names start
 * with a letter, so no field can take this name.
 */
export const SEARCH_COLUMN = '_search';

/** The tsvector of some text columns (quoted names), as the search column holds it for all of them. */
export function searchVectorSql(columns: string[]): string {
  return `${s('search_vector')}(${columns.map(quoteIdent).join(', ')})`;
}

/** The tsquery of one bound search text. */
export const SEARCH_QUERY_SQL = `${s('search_query')}(?)`;
