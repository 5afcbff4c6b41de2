import { quoteIdent } from './quote.ts';

/**
 * SQL functions that give PostgreSQL JavaScript's meaning of JSON-logic values, used by the rule
 * compiler (logic/) wherever a value's type is only known at run time (jsonb) or JavaScript's coercions
 * differ from SQL's: truthiness, loose equality, ToNumber/parseFloat/String, `<` on mixed types, and
 * arithmetic that overflows to Infinity instead of raising an error. All immutable and parallel safe;
 * SQL NULL is read as JavaScript null. Names start with `jl_`. No `?` appears in any body: knex
 * would read it as a placeholder.
 */
const s = (name: string) => `${quoteIdent('tessera')}.${quoteIdent(name)}`;

/** JavaScript's StrWhiteSpaceChar: what Number() and parseFloat() skip around a number. */
const JS_SPACE = '\t\n\u000b\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';
const DECIMAL = '^[+-]{0,1}([0-9]+[.]{0,1}[0-9]*|[.][0-9]+)([eE][+-]{0,1}[0-9]+){0,1}$';
const FLOAT_PREFIX = '^([+-]{0,1}(Infinity|([0-9]+[.]{0,1}[0-9]*|[.][0-9]+)([eE][+-]{0,1}[0-9]+){0,1}))';
const MAX = '1.7976931348623157e308';
const pl = 'language plpgsql immutable parallel safe';
const sql = 'language sql immutable parallel safe';

export const RULE_FUNCTIONS: string[] = [
  // Decimal text → float8 as Number() reads it: out-of-range values become ±Infinity or 0, not errors.
  `create or replace function ${s('jl_decimal')}(t text) returns double precision ${pl} as $$
  begin
    if length(t) < 20 and t !~* 'e' then return t::double precision; end if;
    begin
      return t::double precision;
    exception when others then
      begin
        return case when abs(t::numeric) < 1 then '0' when t like '-%' then '-Infinity' else 'Infinity' end::double precision;
      exception when others then
        return case when t ~* 'e-' then '0' when t like '-%' then '-Infinity' else 'Infinity' end::double precision;
      end;
    end;
  end $$`,
  `create or replace function ${s('jl_radix')}(digits text, base int) returns double precision ${pl} as $$
  declare n numeric := 0; c text;
  begin
    foreach c in array regexp_split_to_array(lower(digits), '') loop
      n := n * base + strpos('0123456789abcdef', c) - 1;
    end loop;
    if n > ${MAX} then return 'Infinity'; end if;
    return n::double precision;
  end $$`,
  // JavaScript Number(string).
  `create or replace function ${s('jl_str_to_number')}(str text) returns double precision ${pl} as $$
  declare t text := btrim(str, '${JS_SPACE}');
  begin
    if str is null then return null; end if;
    if t = '' then return 0; end if;
    if t ~ '${DECIMAL}' then return ${s('jl_decimal')}(t); end if;
    if t ~ '^0[xX][0-9a-fA-F]+$' then return ${s('jl_radix')}(substr(t, 3), 16); end if;
    if t ~ '^0[oO][0-7]+$' then return ${s('jl_radix')}(substr(t, 3), 8); end if;
    if t ~ '^0[bB][01]+$' then return ${s('jl_radix')}(substr(t, 3), 2); end if;
    if t = 'Infinity' or t = '+Infinity' then return 'Infinity'; end if;
    if t = '-Infinity' then return '-Infinity'; end if;
    return 'NaN';
  end $$`,
  // JavaScript parseFloat(string): the longest decimal prefix after leading white space.
  `create or replace function ${s('jl_parse_float')}(str text) returns double precision ${pl} as $$
  declare m text;
  begin
    if str is null then return null; end if;
    m := (regexp_match(ltrim(str, '${JS_SPACE}'), '${FLOAT_PREFIX}'))[1];
    if m is null then return 'NaN'; end if;
    if m like '%Infinity' then return case when m like '-%' then '-Infinity' else 'Infinity' end::double precision; end if;
    return ${s('jl_decimal')}(m);
  end $$`,
  // JavaScript Number.prototype.toString() from PostgreSQL's shortest exact digits.
  `create or replace function ${s('jl_num_text')}(x double precision) returns text ${pl} set extra_float_digits = 1 as $$
  declare t text; neg boolean; m text; e int; point int; digits text; trimmed text; n int; k int; r text;
  begin
    if x is null then return null; end if;
    t := x::text;
    if t in ('NaN', 'Infinity', '-Infinity') then return t; end if;
    if x = 0 then return '0'; end if;
    neg := t like '-%';
    if neg then t := substr(t, 2); end if;
    e := coalesce((regexp_match(t, '[eE]([-+]{0,1}[0-9]+)$'))[1]::int, 0);
    m := regexp_replace(t, '[eE].*$', '');
    point := coalesce(nullif(strpos(m, '.'), 0) - 1, length(m));
    digits := replace(m, '.', '');
    trimmed := ltrim(digits, '0');
    point := point - (length(digits) - length(trimmed));
    digits := rtrim(trimmed, '0');
    n := point + e;
    k := length(digits);
    if k <= n and n <= 21 then r := digits || repeat('0', n - k);
    elsif 0 < n and n <= 21 then r := substr(digits, 1, n) || '.' || substr(digits, n + 1);
    elsif -6 < n and n <= 0 then r := '0.' || repeat('0', -n) || digits;
    else r := substr(digits, 1, 1) || case when k > 1 then '.' || substr(digits, 2) else '' end || 'e' || case when n - 1 >= 0 then '+' else '-' end || abs(n - 1)::text;
    end if;
    return case when neg then '-' || r else r end;
  end $$`,
  // JavaScript String(value); SQL NULL is null.
  `create or replace function ${s('jl_to_text')}(v jsonb) returns text ${pl} as $$
  begin
    case jsonb_typeof(v)
      when 'string' then return v #>> '{}';
      when 'number' then return ${s('jl_num_text')}(${s('jl_decimal')}(v #>> '{}'));
      when 'boolean' then return v #>> '{}';
      when 'array' then return coalesce((select string_agg(${s('jl_cat_item')}(e), ',' order by i) from jsonb_array_elements(v) with ordinality as a(e, i)), '');
      when 'object' then return '[object Object]';
      else return 'null';
    end case;
  end $$`,
  // An item of Array.prototype.join (cat, String(array)): null becomes ''.
  `create or replace function ${s('jl_cat_item')}(v jsonb) returns text ${sql} as $$
    select case when v is null or jsonb_typeof(v) = 'null' then '' else ${s('jl_to_text')}(v) end
  $$`,
  // JavaScript Number(value).
  `create or replace function ${s('jl_to_number')}(v jsonb) returns double precision ${sql} as $$
    select case jsonb_typeof(v)
      when 'number' then ${s('jl_decimal')}(v #>> '{}')
      when 'string' then ${s('jl_str_to_number')}(v #>> '{}')
      when 'boolean' then case when v = 'true'::jsonb then 1 else 0 end
      when 'array' then ${s('jl_str_to_number')}(${s('jl_to_text')}(v))
      when 'object' then 'NaN'::double precision
      else 0 end
  $$`,
  `create or replace function ${s('jl_parse_float_json')}(v jsonb) returns double precision ${sql} as $$
    select case jsonb_typeof(v) when 'number' then ${s('jl_decimal')}(v #>> '{}') else ${s('jl_parse_float')}(${s('jl_to_text')}(v)) end
  $$`,
  // JavaScript truthiness: false, 0, NaN, '', null and [] are falsy.
  `create or replace function ${s('jl_truthy')}(v jsonb) returns boolean ${sql} as $$
    select case jsonb_typeof(v)
      when 'boolean' then v = 'true'::jsonb
      when 'number' then v <> '0'::jsonb
      when 'string' then v <> '""'::jsonb
      when 'array' then jsonb_array_length(v) > 0
      when 'object' then true
      else false end
  $$`,
  `create or replace function ${s('jl_num_eq')}(x double precision, y double precision) returns boolean ${sql} as $$
    select x = y and x <> 'NaN'::double precision
  $$`,
  // JavaScript a === b. Arrays and objects are compared by reference in JavaScript, so never equal here.
  `create or replace function ${s('jl_strict_eq')}(a jsonb, b jsonb) returns boolean ${sql} as $$
    select case
      when coalesce(jsonb_typeof(a), 'null') <> coalesce(jsonb_typeof(b), 'null') then false
      when coalesce(jsonb_typeof(a), 'null') = 'null' then true
      when jsonb_typeof(a) = 'number' then ${s('jl_num_eq')}(${s('jl_to_number')}(a), ${s('jl_to_number')}(b))
      when jsonb_typeof(a) in ('string', 'boolean') then a = b
      else false end
  $$`,
  // JavaScript a == b (the abstract equality algorithm over JSON values).
  `create or replace function ${s('jl_loose_eq')}(a jsonb, b jsonb) returns boolean ${pl} as $$
  declare ta text := coalesce(jsonb_typeof(a), 'null'); tb text := coalesce(jsonb_typeof(b), 'null');
  begin
    if ta = 'null' or tb = 'null' then return ta = tb; end if;
    if ta = tb then return ${s('jl_strict_eq')}(a, b); end if;
    if ta = 'boolean' then return ${s('jl_loose_eq')}(to_jsonb(${s('jl_to_number')}(a)), b); end if;
    if tb = 'boolean' then return ${s('jl_loose_eq')}(a, to_jsonb(${s('jl_to_number')}(b))); end if;
    if ta in ('array', 'object') and tb in ('array', 'object') then return false; end if;
    if ta in ('array', 'object') then return ${s('jl_loose_eq')}(to_jsonb(${s('jl_to_text')}(a)), b); end if;
    if tb in ('array', 'object') then return ${s('jl_loose_eq')}(a, to_jsonb(${s('jl_to_text')}(b))); end if;
    return ${s('jl_num_eq')}(${s('jl_to_number')}(a), ${s('jl_to_number')}(b));
  end $$`,
  `create or replace function ${s('jl_to_primitive')}(v jsonb) returns jsonb ${sql} as $$
    select case when jsonb_typeof(v) in ('array', 'object') then to_jsonb(${s('jl_to_text')}(v)) else v end
  $$`,
  // JavaScript a < b and a <= b: two strings compare by character, anything else as numbers (NaN: false).
  `create or replace function ${s('jl_compare')}(a jsonb, b jsonb, or_equal boolean) returns boolean ${pl} as $$
  declare pa jsonb := ${s('jl_to_primitive')}(a); pb jsonb := ${s('jl_to_primitive')}(b); x double precision; y double precision;
  begin
    if jsonb_typeof(pa) = 'string' and jsonb_typeof(pb) = 'string' then
      return case when or_equal then (pa #>> '{}') collate "C" <= (pb #>> '{}') else (pa #>> '{}') collate "C" < (pb #>> '{}') end;
    end if;
    x := ${s('jl_to_number')}(pa);
    y := ${s('jl_to_number')}(pb);
    if x = 'NaN'::double precision or y = 'NaN'::double precision then return false; end if;
    return case when or_equal then x <= y else x < y end;
  end $$`,
  // JsonLogic "in": a substring of a non-empty string, or an element (===) of an array.
  `create or replace function ${s('jl_in')}(a jsonb, b jsonb) returns boolean ${sql} as $$
    select case jsonb_typeof(b)
      when 'string' then b <> '""'::jsonb and strpos(b #>> '{}', ${s('jl_to_text')}(a)) > 0
      when 'array' then exists (select 1 from jsonb_array_elements(b) as e(v) where ${s('jl_strict_eq')}(e.v, a))
      else false end
  $$`,
  // JsonLogic "var" over data: own keys of objects and canonical indexes of arrays; SQL NULL when not found.
  `create or replace function ${s('jl_get')}(data jsonb, path text[]) returns jsonb ${pl} as $$
  declare cur jsonb := data; seg text;
  begin
    foreach seg in array path loop
      if cur is null or jsonb_typeof(cur) = 'null' then return null; end if;
      if seg in ('__proto__', 'constructor', 'prototype') then return null; end if;
      if jsonb_typeof(cur) = 'object' then cur := cur -> seg;
      elsif jsonb_typeof(cur) = 'array' and seg ~ '^(0|[1-9][0-9]{0,8})$' then cur := cur -> seg::int;
      else return null;
      end if;
      if cur is null then return null; end if;
    end loop;
    return cur;
  end $$`,
  `create or replace function ${s('jl_var')}(data jsonb, key jsonb) returns jsonb ${sql} as $$
    select case when key is null or jsonb_typeof(key) = 'null' or key = '""'::jsonb then data
      else ${s('jl_get')}(data, string_to_array(${s('jl_to_text')}(key), '.')) end
  $$`,
  `create or replace function ${s('jl_is_missing')}(v jsonb) returns boolean ${sql} as $$
    select v is null or jsonb_typeof(v) = 'null' or v = '""'::jsonb
  $$`,
  // JsonLogic "missing": args is the list of evaluated arguments; a first argument that is an array is the key list.
  `create or replace function ${s('jl_missing')}(data jsonb, args jsonb) returns jsonb ${sql} as $$
    select coalesce(jsonb_agg(k order by i), '[]'::jsonb)
    from jsonb_array_elements(case when jsonb_typeof(args -> 0) = 'array' then args -> 0 else args end) with ordinality as t(k, i)
    where ${s('jl_is_missing')}(${s('jl_var')}(data, k))
  $$`,
  `create or replace function ${s('jl_missing_some')}(data jsonb, need jsonb, options jsonb) returns jsonb ${sql} as $$
    select case when jsonb_array_length(options) - jsonb_array_length(m) >= ${s('jl_to_number')}(need) then '[]'::jsonb else m end
    from (select ${s('jl_missing')}(data, options) as m) as x
  $$`,
  `create or replace function ${s('jl_merge')}(args jsonb) returns jsonb ${sql} as $$
    select coalesce(jsonb_agg(x order by i, j), '[]'::jsonb)
    from jsonb_array_elements(args) with ordinality as a(e, i)
    cross join lateral jsonb_array_elements(case when jsonb_typeof(e) = 'array' then e else jsonb_build_array(e) end) with ordinality as b(x, j)
  $$`,
  // Arithmetic as IEEE doubles do it in JavaScript: overflow gives ±Infinity and 0/0 NaN instead of an SQL error.
  `create or replace function ${s('jl_tiny')}(n numeric) returns double precision ${sql} as $$
    select case when abs(n) < 2.4703282292062328e-324 then 0 else n::double precision end
  $$`,
  `create or replace function ${s('jl_add')}(a double precision, b double precision) returns double precision ${sql} as $$
    select case
      when a = 'NaN'::double precision or b = 'NaN'::double precision then 'NaN'::double precision
      when a > 0 and b > 0 and a <> 'Infinity'::double precision and b <> 'Infinity'::double precision and a > ${MAX} - b then 'Infinity'::double precision
      when a < 0 and b < 0 and a <> '-Infinity'::double precision and b <> '-Infinity'::double precision and a < -${MAX} - b then '-Infinity'::double precision
      else a + b end
  $$`,
  `create or replace function ${s('jl_mul')}(a double precision, b double precision) returns double precision ${sql} as $$
    select case
      when a = 'NaN'::double precision or b = 'NaN'::double precision then 'NaN'::double precision
      when a = 0 or b = 0 or abs(a) = 'Infinity'::double precision or abs(b) = 'Infinity'::double precision then a * b
      when abs(a) > 1 and abs(b) > 1 and abs(a) > ${MAX} / abs(b) then sign(a) * sign(b) * 'Infinity'::double precision
      when abs(a) < 1 and abs(b) < 1 and abs(a) < 1e-290 / abs(b) then ${s('jl_tiny')}(a::text::numeric * b::text::numeric)
      else a * b end
  $$`,
  `create or replace function ${s('jl_div')}(a double precision, b double precision) returns double precision ${sql} as $$
    select case
      when a = 'NaN'::double precision or b = 'NaN'::double precision then 'NaN'::double precision
      when b = 0 then case when a = 0 then 'NaN'::double precision when (a > 0) = (b::text not like '-%') then 'Infinity'::double precision else '-Infinity'::double precision end
      when abs(a) = 'Infinity'::double precision or abs(b) = 'Infinity'::double precision then a / b
      when abs(b) < 1 and abs(a) > ${MAX} * abs(b) then sign(a) * sign(b) * 'Infinity'::double precision
      when a <> 0 and abs(b) > 1 and abs(a) < 1e-290 * abs(b) then ${s('jl_tiny')}(a::text::numeric / b::text::numeric)
      else a / b end
  $$`,
  // JavaScript a % b: the exact remainder (fmod), computed by binary long division, which is exact in doubles.
  `create or replace function ${s('jl_mod')}(a double precision, b double precision) returns double precision ${pl} as $$
  declare r double precision := abs(a); d double precision := abs(b); t double precision;
  begin
    if a = 'NaN'::double precision or b = 'NaN'::double precision or d = 0 or r = 'Infinity'::double precision then return 'NaN'; end if;
    if d = 'Infinity'::double precision or r < d then return a; end if;
    t := d;
    while t <= r / 2 loop t := t * 2; end loop;
    while t >= d loop
      if r >= t then r := r - t; end if;
      t := t / 2;
    end loop;
    return case when a < 0 then -r else r end;
  end $$`,
  // Full calendar months from a to b, truncated toward zero (Jan 31 → Feb 28 is 0).
  `create or replace function ${s('jl_month_diff')}(a date, b date) returns int ${sql} as $$
    select m - case when m > 0 and extract(day from b) < extract(day from a) then 1 when m < 0 and extract(day from b) > extract(day from a) then -1 else 0 end
    from (select ((extract(year from b) - extract(year from a)) * 12 + extract(month from b) - extract(month from a))::int as m) as x
  $$`,
  `create or replace function ${s('jl_to_int')}(x double precision) returns double precision ${sql} as $$
    select case when x = 'NaN'::double precision then 0 when abs(x) = 'Infinity'::double precision then x else trunc(x) end
  $$`,
  // JsonLogic "substr" (String.prototype.substr, with a negative length counting back from the end).
  `create or replace function ${s('jl_substr')}(str text, start double precision, len double precision) returns text ${pl} as $$
  declare size int := char_length(str); st double precision := ${s('jl_to_int')}(start); ln double precision; rest text;
  begin
    if str is null then return null; end if;
    if st < 0 then st := greatest(size + st, 0); end if;
    st := least(st, size);
    rest := substr(str, st::int + 1);
    if len is null then return rest; end if;
    ln := ${s('jl_to_int')}(len);
    if ln < 0 then return substr(rest, 1, greatest(char_length(rest) + ln, 0)::int); end if;
    return substr(rest, 1, least(ln, char_length(rest))::int);
  end $$`,
];
