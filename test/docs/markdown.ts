/**
 * The little Markdown the docs check needs: headings and their GitHub anchors, links, sections
 * and the first cells of table rows. Fenced code blocks and inline code are not Markdown to GitHub,
 * so links and headings inside them are ignored.
 */

/** The lines of a Markdown text with every fenced code block (its fences included) blanked out. */
export function proseLines(text: string): string[] {
  let fence: string | undefined;
  return text.split('\n').map((line) => {
    const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence === undefined && marker) {
      fence = marker;
      return '';
    }
    if (fence !== undefined) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = undefined;
      return '';
    }
    return line;
  });
}

/** A heading's text as GitHub renders it: code, emphasis and link markup gone, their text kept. */
function headingText(markdown: string): string {
  return markdown
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*]/g, '')
    .trim();
}

/**
 * GitHub's anchor for a heading (github-slugger): lower case, every character that is not a
 * letter, mark, number, space, hyphen or underscore removed, spaces turned into hyphens.
 */
export function githubSlug(heading: string): string {
  return headingText(heading)
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}_\- ]/gu, '')
    .replace(/ /g, '-');
}

export interface Heading {
  readonly level: number;
  readonly text: string;
  readonly line: number;
}

export function headings(text: string): Heading[] {
  return proseLines(text).flatMap((line, index) => {
    const match = /^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    return match ? [{ level: match[1]!.length, text: match[2]!, line: index + 1 }] : [];
  });
}

/** Every anchor the page has: its headings' slugs, a repeated one numbered -1, -2, … as GitHub does. */
export function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const heading of headings(text)) {
    const slug = githubSlug(heading.text);
    const count = seen.get(slug) ?? 0;
    result.add(count === 0 ? slug : `${slug}-${count}`);
    seen.set(slug, count + 1);
  }
  return result;
}

export interface Link {
  readonly target: string;
  readonly line: number;
}

/** Inline links and images, reference definitions, and HTML href/src, outside code. */
export function links(text: string): Link[] {
  return proseLines(text).flatMap((raw, index) => {
    const line = raw.replace(/(`+)[^`]*?\1/g, '');
    const targets = [
      ...[...line.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((match) => match[1]!),
      ...[...line.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/g)].map((match) => match[1]!),
      ...[...line.matchAll(/\b(?:href|src)="([^"]+)"/g)].map((match) => match[1]!),
    ];
    return targets.map((target) => ({ target, line: index + 1 }));
  });
}

/** A link to another site, or a scheme such as mailto:, which the check does not follow. */
export function isExternal(target: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//');
}

/** The body of each heading of `level`, up to the next heading of that level or higher. */
export function sections(text: string, level: number): Map<string, string> {
  const lines = text.split('\n');
  const starts = headings(text).filter((heading) => heading.level <= level);
  const result = new Map<string, string>();
  starts.forEach((heading, i) => {
    if (heading.level !== level) return;
    const end = starts[i + 1]?.line ?? lines.length + 1;
    result.set(headingText(heading.text), lines.slice(heading.line, end - 1).join('\n'));
  });
  return result;
}

/** The code spans of the first cell of every table row (the header and delimiter rows left out). */
export function firstColumnCode(section: string): string[] {
  const rows = proseLines(section).filter((line) => /^\s*\|/.test(line));
  return rows
    .filter((row, i) => !/^\s*\|[\s:|-]+\|?\s*$/.test(row) && !/^\s*\|[\s:|-]+\|?\s*$/.test(rows[i + 1] ?? ''))
    .flatMap((row) => [...(row.split('|')[1] ?? '').matchAll(/`([^`]+)`/g)].map((match) => match[1]!));
}
