/**
 * A small reader of the site's own generated markup (Astro's output: quoted attributes, no
 * surprises): each start tag with its attributes, and the text of <script> and <style> elements.
 */
import { createHash } from 'node:crypto';

export interface Tag {
  readonly element: string;
  readonly attributes: ReadonlyMap<string, string>;
  /** The raw text up to the closing tag, for <script> and <style>; "" otherwise. */
  readonly content: string;
}

const START_TAG = /<([a-zA-Z][\w-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g;
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
const RAW_TEXT = new Set(['script', 'style']);

function decode(value: string): string {
  return value.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Every start tag of `html` (only those named in `only`, when given), in document order. */
export function tags(html: string, only?: readonly string[]): Tag[] {
  const found: Tag[] = [];
  START_TAG.lastIndex = 0;
  for (let match = START_TAG.exec(html); match; match = START_TAG.exec(html)) {
    const element = (match[1] ?? '').toLowerCase();
    let content = '';
    if (RAW_TEXT.has(element)) {
      const end = html.indexOf(`</${element}>`, START_TAG.lastIndex);
      content = html.slice(START_TAG.lastIndex, end === -1 ? html.length : end);
      if (end !== -1) START_TAG.lastIndex = end;
    }
    if (only && !only.includes(element)) continue;
    const attributes = new Map<string, string>();
    for (const attribute of (match[2] ?? '').matchAll(ATTRIBUTE)) {
      attributes.set((attribute[1] ?? '').toLowerCase(), decode(attribute[2] ?? attribute[3] ?? attribute[4] ?? ''));
    }
    found.push({ element, attributes, content });
  }
  return found;
}

/** The CSP source that allows an inline element with this text: 'sha256-<base64>'. */
export function sha256Source(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}
