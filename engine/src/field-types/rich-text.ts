import sanitizeHtml from 'sanitize-html';
import type { CastFrom, FieldType } from './field-type.ts';
import type { FieldDef } from '../metadata/index.ts';
import { blankToNull } from './empty.ts';
import { failingWhen, longerThan, textCasts } from './cast-rules.ts';

export const RICH_TEXT_DEFAULT_MAX = 131072;
const maxOf = (field: FieldDef) => field.max_length ?? RICH_TEXT_DEFAULT_MAX;
const { tooLong } = textCasts(maxOf);

/** Links open here or in a new tab, and never hand the opened page a reference back to the CRM. */
function safeLink(tagName: string, attribs: sanitizeHtml.Attributes): sanitizeHtml.Tag {
  const { target, ...rest } = attribs;
  return { tagName, attribs: { ...rest, ...(target === '_blank' ? { target } : {}), rel: 'noopener noreferrer' } };
}

/**
 * An allowlist, never a blocklist: what is not named here is dropped, so scripts, styles, event
 * handler attributes and javascript: or data: URLs never reach storage (nor, later, a browser).
 */
const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'br', 'hr', 'div', 'span', 'b', 'strong', 'i', 'em', 'u', 's', 'strike', 'del', 'sub', 'sup', 'mark', 'small',
    'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'code', 'ul', 'ol', 'li',
    'a', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'target', 'rel'],
    ol: ['start'],
    td: ['colspan', 'rowspan'],
    th: ['colspan', 'rowspan'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: {},
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: { a: safeLink },
};

export function sanitizeRichText(html: string): string {
  return sanitizeHtml(html, SANITIZE);
}

/**
 * Plain text is the same text in HTML only while it has no markup characters. Rows with &, < or >
 * are reported rather than escaped: the column keeps its SQL type, so no rewrite runs, and stored
 * markup that never went through the sanitiser must not reach a rich-text renderer.
 */
const MARKUP = '[<>&]';
const plainText: CastFrom = (column, from, to) => failingWhen([{ sql: `${column} ~ ?`, bindings: [MARKUP] }, longerThan(column, maxOf(to))]);

export const richTextType: FieldType = {
  name: 'rich_text',
  label: { en: 'Rich text', 'zh-CN': '富文本' },
  settings: { max_length: { type: 'integer', minimum: 1, maximum: RICH_TEXT_DEFAULT_MAX } },
  supportsUnique: false,
  supportsIndex: false,
  columns: (field) => [{ name: field.api_name, sqlType: 'text' }],
  valueSchema: (field) => ({ type: 'string', contentMediaType: 'text/html', maxLength: maxOf(field) }),
  toColumns: (value, field) => ({ [field.api_name]: typeof value === 'string' ? blankToNull(sanitizeRichText(value)) : null }),
  fromColumns: (row, field) => row[field.api_name] ?? null,
  sortColumn: () => null,
  castFrom: {
    rich_text: tooLong,
    text: plainText,
    long_text: plainText,
  },
  samples: {
    field: { max_length: 5000 },
    good: [
      { input: '<p>Hello <strong>world</strong></p>' },
      { input: '<ul><li>one</li><li><em>two</em></li></ul>' },
      { input: '<a href="https://example.com/x?a=1&amp;b=2">site</a>', output: '<a href="https://example.com/x?a=1&amp;b=2" rel="noopener noreferrer">site</a>' },
      { input: '<p>ok</p><script>alert(1)</script>', output: '<p>ok</p>' },
      { input: '<img src=x onerror="alert(1)"><b onclick="x()">bold</b>', output: '<b>bold</b>' },
      { input: '<a href="javascript:alert(1)">x</a>', output: '<a rel="noopener noreferrer">x</a>' },
      { input: '<style>p{}</style> ', output: null },
      { input: '2 < 3 & 4 > 1', output: '2 &lt; 3 &amp; 4 &gt; 1' },
    ],
    bad: [42, true, ['<p>'], { html: '<p>' }, 'x'.repeat(5001)],
  },
};
