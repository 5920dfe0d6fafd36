/**
 * The built pages' policies as server configuration, for a host that can send headers (nginx or
 * Caddy): the same policy each page carries in its meta, with the same hashes, plus what only a
 * header can say (HEADER_ONLY_DIRECTIVES). Read from the built pages, so it always matches them.
 */
import type { BuiltPage } from './page-policy.ts';
import { policyHeaderValue } from './page-policy.ts';

export const SERVER_FORMATS = ['nginx', 'caddy'] as const;
export type ServerFormat = (typeof SERVER_FORMATS)[number];

/** Directives a browser ignores in a meta element: no page may be framed by another site. */
export const HEADER_ONLY_DIRECTIVES = ["frame-ancestors 'none'"] as const;

export interface PolicyGroups {
  /** The policy most pages carry: the server's default. */
  readonly common: string;
  /** Each other policy with the URL paths (base included) of the pages that carry it. */
  readonly exceptions: ReadonlyArray<{ readonly policy: string; readonly paths: readonly string[] }>;
}

/** Groups the pages by policy (as header values, header-only directives added). */
export function groupPolicies(pages: readonly BuiltPage[], base: string): PolicyGroups {
  const byPolicy = new Map<string, string[]>();
  for (const page of pages) {
    const policy = [policyHeaderValue(page.policy), ...HEADER_ONLY_DIRECTIVES].join('; ');
    const paths = byPolicy.get(policy) ?? [];
    paths.push(`${base.replace(/\/+$/, '')}/${page.pagePath}`);
    byPolicy.set(policy, paths);
  }
  const ranked = [...byPolicy].sort((a, b) => b[1].length - a[1].length);
  const [common] = ranked;
  if (!common) throw new Error('no built pages');
  return { common: common[0], exceptions: ranked.slice(1).map(([policy, paths]) => ({ policy, paths })) };
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A directory page answers at "/x/" and, after the index rewrite, "/x/index.html". */
function withIndex(paths: readonly string[]): string[] {
  return paths.flatMap((pagePath) => (pagePath.endsWith('/') ? [pagePath, `${pagePath}index.html`] : [pagePath]));
}

function nginx(groups: PolicyGroups): string {
  const cases = groups.exceptions.flatMap(({ policy, paths }) => paths.map((pagePath) => `    "~^${escapeRegex(pagePath)}(index\\.html)?$" "${policy}";`));
  return [
    '# In the http { } block:',
    'map $uri $atlas_csp {',
    `    default "${groups.common}";`,
    ...cases,
    '}',
    '',
    '# In the server { } (or location) block that serves the site:',
    'add_header Content-Security-Policy $atlas_csp always;',
    '',
  ].join('\n');
}

function caddy(groups: PolicyGroups): string {
  const exceptionPaths = groups.exceptions.flatMap(({ paths }) => withIndex(paths));
  const lines = groups.exceptions.flatMap(({ policy, paths }, index) => [
    `@atlas_csp_${index + 1} path ${withIndex(paths).join(' ')}`,
    `header @atlas_csp_${index + 1} Content-Security-Policy "${policy}"`,
  ]);
  const common =
    exceptionPaths.length === 0
      ? [`header Content-Security-Policy "${groups.common}"`]
      : [`@atlas_csp_default not path ${exceptionPaths.join(' ')}`, `header @atlas_csp_default Content-Security-Policy "${groups.common}"`];
  return ['# In the site block that serves the site:', ...common, ...lines, ''].join('\n');
}

/** The server configuration that sends each page its policy as a header. */
export function serverConfig(groups: PolicyGroups, format: ServerFormat): string {
  return format === 'nginx' ? nginx(groups) : caddy(groups);
}
