/**
 * The browser's side of the engine's rich-text allowlist (engine/src/field-types/rich-text.ts): HTML
 * that enters the editor (a paste, a value from the address) is rebuilt from an inert parse, keeping only
 * these tags and attributes, so nothing runs while it is edited. The engine sanitises again on save.
 */
const ALLOWED = new Set([
  'p', 'br', 'hr', 'div', 'span', 'b', 'strong', 'i', 'em', 'u', 's', 'strike', 'del', 'sub', 'sup', 'mark', 'small',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'code', 'ul', 'ol', 'li',
  'a', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption',
]);
/** Dropped with everything inside them; other unknown tags are unwrapped (their text kept). */
const DROPPED = new Set(['script', 'style', 'template', 'noscript', 'iframe', 'object', 'embed', 'svg', 'math', 'textarea', 'select', 'option', 'head', 'title', 'meta', 'link', 'img', 'video', 'audio', 'canvas', 'form', 'input', 'button']);
const ATTRIBUTES: Record<string, string[]> = { a: ['href', 'title'], ol: ['start'], td: ['colspan', 'rowspan'], th: ['colspan', 'rowspan'] };

/** An absolute http(s) or mailto address, else undefined. */
export function safeHref(href: string): string | undefined {
  try {
    const url = new URL(href.trim());
    return ['http:', 'https:', 'mailto:'].includes(url.protocol) ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** Inline styles word processors use for emphasis (Word, Google Docs) → the tags that mean it. */
function emphasisOf(style: string): string[] {
  const tags: string[] = [];
  const weight = /font-weight\s*:\s*(bold|[6-9]00)/i.test(style);
  if (weight) tags.push('strong');
  if (/font-style\s*:\s*italic/i.test(style)) tags.push('em');
  if (/text-decoration[^;]*underline/i.test(style)) tags.push('u');
  return tags;
}

function copy(node: Node, into: Node, doc: Document): void {
  if (node.nodeType === Node.TEXT_NODE) {
    into.appendChild(doc.createTextNode(node.textContent ?? ''));
    return;
  }
  if (node.nodeType !== Node.ELEMENT_NODE) return;
  const element = node as Element;
  const tag = element.tagName.toLowerCase();
  if (DROPPED.has(tag)) return;
  const style = element.getAttribute('style') ?? '';
  // Google Docs wraps a whole paste in <b style="font-weight:normal">: not bold.
  const plainBold = (tag === 'b' || tag === 'strong') && /font-weight\s*:\s*(normal|[1-5]00)/i.test(style);
  let target: Node = into;
  if (ALLOWED.has(tag) && !plainBold && tag !== 'span' && tag !== 'div') {
    const clean = doc.createElement(tag);
    for (const name of ATTRIBUTES[tag] ?? []) {
      const value = element.getAttribute(name);
      if (value === null) continue;
      if (name === 'href') {
        const href = safeHref(value);
        if (href) clean.setAttribute('href', href);
      } else if (name === 'title' || /^\d{1,3}$/.test(value)) clean.setAttribute(name, value);
    }
    if (tag === 'a') {
      if (element.getAttribute('target') === '_blank') clean.setAttribute('target', '_blank');
      clean.setAttribute('rel', 'noopener noreferrer');
    }
    into.appendChild(clean);
    target = clean;
  } else if (tag === 'div') {
    const block = doc.createElement('p');
    into.appendChild(block);
    target = block;
  }
  for (const wrapper of emphasisOf(style)) {
    const inner = doc.createElement(wrapper);
    target.appendChild(inner);
    target = inner;
  }
  for (const child of Array.from(element.childNodes)) copy(child, target, doc);
}

/** HTML reduced to the allowlist. Parsed by DOMParser: its document is inert (no scripts, no image loads). */
export function safeHtml(html: string): string {
  const source = new DOMParser().parseFromString(html, 'text/html');
  const out = source.createElement('div');
  for (const child of Array.from(source.body.childNodes)) copy(child, out, source);
  // Empty paragraphs from unwrapped divs are noise.
  for (const p of Array.from(out.querySelectorAll('p'))) if (p.childNodes.length === 0) p.remove();
  return out.innerHTML;
}

/** The text a person would see: empty when the HTML holds only tags and spaces. */
export function isBlankHtml(html: string): boolean {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  return (doc.body.textContent ?? '').trim() === '' && doc.body.querySelector('hr, li, td') === null;
}

const BLOCK = 'p, ul, ol, h1, h2, h3, h4, h5, h6, blockquote, pre, table, div, hr';

/**
 * The editor's HTML as HTML parsers read it back: Chromium's list and heading commands may leave a
 * block inside a paragraph (`<p><ul>…</ul></p>`), which a parser splits into an empty paragraph and the
 * list. Such a paragraph is unwrapped, and empty paragraphs are dropped. Works on a copy.
 */
export function tidyHtml(root: HTMLElement): string {
  const copy = root.cloneNode(true) as HTMLElement;
  for (const p of Array.from(copy.querySelectorAll('p')).reverse()) {
    if (p.querySelector(BLOCK)) p.replaceWith(...Array.from(p.childNodes));
    else if (p.childNodes.length === 0) p.remove();
  }
  return copy.innerHTML;
}
