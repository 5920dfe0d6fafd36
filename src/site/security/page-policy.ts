/**
 * Reading the policy back out of built pages: the `<meta http-equiv="content-security-policy">`
 * Astro wrote into each, as text and as directives. The security tests and the server-header
 * export (headers.ts) both start here.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

const META = /<meta http-equiv="content-security-policy" content="([^"]*)">/gi;

/** Every policy meta of a page's markup (a page should have exactly one). */
export function policyMetas(html: string): string[] {
  return [...html.matchAll(META)].map((match) => decodeAttribute(match[1] ?? ''));
}

function decodeAttribute(value: string): string {
  return value.replace(/&#39;|&apos;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

/** The policy's directives: name → sources, in order; the text normalised to one space. */
export function parsePolicy(policy: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/).filter(Boolean);
    if (name) directives.set(name.toLowerCase(), sources);
  }
  return directives;
}

/** The policy as one header value: "name sources; name sources". */
export function policyHeaderValue(policy: string): string {
  return [...parsePolicy(policy)].map(([name, sources]) => [name, ...sources].join(' ')).join('; ');
}

export interface BuiltPage {
  /** The page's URL path below the base, "" for the root, "probe/", "404.html". */
  readonly pagePath: string;
  readonly policy: string;
}

/** The policy of every HTML page in `distDir`; a page without one, or with two, is an error. */
export async function builtPagePolicies(distDir: string): Promise<BuiltPage[]> {
  const files = (await readdir(distDir, { recursive: true })).filter((file) => file.endsWith('.html')).sort();
  return Promise.all(
    files.map(async (file) => {
      const metas = policyMetas(await readFile(path.join(distDir, file), 'utf8'));
      if (metas.length !== 1) throw new Error(`${file} has ${metas.length} content-security-policy metas, not one`);
      const pagePath = file.split(path.sep).join('/').replace(/(^|\/)index\.html$/, '$1');
      return { pagePath, policy: metas[0] ?? '' };
    }),
  );
}
