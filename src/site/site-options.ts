import path from 'node:path';
import { AtlasError } from '../errors.ts';

/** The precompute engine's default output directory, relative to the project root. */
export const DEFAULT_ATLAS_DATA_DIR = 'atlas-out';
/** Where the atlas images are copied inside the built site (below the base path). */
export const SITE_DATA_DIR = 'data';

export interface SiteOptions {
  /** Absolute path of the directory that holds manifest.json. */
  readonly dataDir: string;
  /**
   * Origin the site is hosted at, for absolute URLs (canonical, og:url, og:image, hreflang,
   * sitemap); undefined when nothing says where it will be published: the pages then carry none.
   */
  readonly site: string | undefined;
  /** Base path: "/" or "/sub/path" (no trailing slash). */
  readonly base: string;
  /** Where `site` came from. */
  readonly siteSource: SiteSource;
}

/** ATLAS_SITE, else the GitHub Pages address of the repository a GitHub Actions run builds, else nothing. */
export type SiteSource = 'ATLAS_SITE' | 'GitHub Actions' | 'none';

export interface SiteEnv {
  readonly ATLAS_DATA?: string | undefined;
  readonly ATLAS_SITE?: string | undefined;
  readonly ATLAS_BASE?: string | undefined;
  /** Set to "true" on GitHub Actions runners, with GITHUB_REPOSITORY ("owner/name"). */
  readonly GITHUB_ACTIONS?: string | undefined;
  readonly GITHUB_REPOSITORY?: string | undefined;
}

/** How to give the address when none is known: in the build's warning and docs/site.md. */
export const SITE_HINT = 'set ATLAS_SITE (e.g. ATLAS_SITE=https://you.github.io ATLAS_BASE=/atlas npm run site)';

/** "" | "/" → "/"; "atlas", "/atlas/" → "/atlas". */
export function normalizeBase(raw: string | undefined): string {
  const segments = (raw ?? '').split('/').filter((segment) => segment !== '');
  for (const segment of segments) {
    if (segment === '.' || segment === '..' || /[?#\\\s]/.test(segment)) {
      throw new AtlasError(`ATLAS_BASE has an invalid path segment ${JSON.stringify(segment)}`, {
        hint: 'use a plain path such as /atlas',
      });
    }
  }
  return segments.length === 0 ? '/' : `/${segments.join('/')}`;
}

export function normalizeSite(raw: string): string {
  const value = raw.trim();
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AtlasError(`ATLAS_SITE is not an absolute URL: ${value}`, { hint: 'use e.g. https://you.github.io' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AtlasError(`ATLAS_SITE must be an http(s) URL: ${value}`);
  }
  return url.origin;
}

/**
 * A project site's GitHub Pages address, https://<owner>.github.io/<name>/ (a user or organisation
 * site, repository "<owner>.github.io", is served at the root), from GITHUB_REPOSITORY.
 */
export function githubPagesAddress(repository: string): { site: string; base: string } | undefined {
  const match = /^([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+)$/.exec(repository.trim());
  if (!match) return undefined;
  const owner = (match[1] ?? '').toLowerCase();
  const name = match[2] ?? '';
  const site = `https://${owner}.github.io`;
  return { site, base: name.toLowerCase() === `${owner}.github.io` ? '/' : normalizeBase(name) };
}

/** Where the site will be published: ATLAS_SITE/ATLAS_BASE, else what the CI run says, else no address. */
export function resolveSiteAddress(env: SiteEnv): { site: string | undefined; base: string; siteSource: SiteSource } {
  const explicitBase = env.ATLAS_BASE?.trim() ? normalizeBase(env.ATLAS_BASE) : undefined;
  if (env.ATLAS_SITE?.trim()) return { site: normalizeSite(env.ATLAS_SITE), base: explicitBase ?? '/', siteSource: 'ATLAS_SITE' };
  const pages = env.GITHUB_ACTIONS === 'true' && env.GITHUB_REPOSITORY ? githubPagesAddress(env.GITHUB_REPOSITORY) : undefined;
  if (pages) return { site: pages.site, base: explicitBase ?? pages.base, siteSource: 'GitHub Actions' };
  return { site: undefined, base: explicitBase ?? '/', siteSource: 'none' };
}

/**
 * Resolves the site's inputs from the environment. A relative ATLAS_DATA is taken
 * from `cwd` (where the person ran the command); the default from the project root.
 */
export function resolveSiteOptions(env: SiteEnv, dirs: { cwd: string; projectRoot: string }): SiteOptions {
  const dataDir = env.ATLAS_DATA?.trim()
    ? path.resolve(dirs.cwd, env.ATLAS_DATA.trim())
    : path.resolve(dirs.projectRoot, DEFAULT_ATLAS_DATA_DIR);
  return { dataDir, ...resolveSiteAddress(env) };
}
