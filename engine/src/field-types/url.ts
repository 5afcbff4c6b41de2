import type { CastFrom, FieldType } from './field-type.ts';
import { failingWhen, longerThan, notMatching } from './cast-rules.ts';

const MAX = 2048;
const LABEL = '[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?';
const CHAR = "([A-Za-z0-9._~!$&'()*+,;=:@-]|%[0-9A-Fa-f]{2})";
/**
 * http(s) only, a host name (punycode for international domains), an optional port, then RFC 3986
 * path, query and fragment characters. No user:password@ part, which phishing links use. It accepts
 * a subset of what `format: 'uri'` accepts, so the SQL check of a cast from text (this same pattern)
 * never lets through a row the API would refuse. Being ASCII, 2048 characters fit a btree entry.
 */
export const URL_PATTERN = `^https?://${LABEL}(\\.${LABEL})*(:[0-9]{1,5})?(/${CHAR}*)*(\\?(${CHAR}|[/?])*)?(#(${CHAR}|[/?])*)?$`;

const fromText: CastFrom = (column) => failingWhen([notMatching(column, URL_PATTERN), longerThan(column, MAX)]);

export const urlType: FieldType = {
  name: 'url',
  label: { en: 'URL', 'zh-CN': '网址' },
  settings: {},
  supportsUnique: true,
  supportsIndex: true,
  searchable: true,
  columns: (field) => [{ name: field.api_name, sqlType: 'text' }],
  valueSchema: () => ({ type: 'string', format: 'uri', pattern: URL_PATTERN, maxLength: MAX }),
  toColumns: (value, field) => ({ [field.api_name]: value ?? null }),
  fromColumns: (row, field) => row[field.api_name] ?? null,
  sortColumn: (field) => field.api_name,
  castFrom: { text: fromText, long_text: fromText },
  samples: {
    good: [{ input: 'https://example.com' }, { input: 'http://crm.example.cn:8080/a/b?q=1&x=%E4%B8%AD#top' }, { input: 'https://xn--fiqs8s.xn--fiqz9s/' }],
    bad: ['', 'example.com', 'ftp://example.com', 'javascript:alert(1)', 'https://', 'https://user:pw@example.com', 'https://exa mple.com', 'https://例子.中国', `https://example.com/${'a'.repeat(2030)}`, 42],
  },
};
