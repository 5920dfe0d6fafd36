import path from 'node:path';
import { AtlasError } from '../errors.ts';

/** The precompute engine's default output directory, relative to the project root. */
export const DEFAULT_ATLAS_DATA_DIR = 'atlas-out';
/** Used for absolute URLs (og:image, sitemap, hreflang) when ATLAS_SITE is not set. */
export const DEFAULT_SITE_URL = 'http://localhost:4321';
/** Where the atlas images are copied inside the built site (below the base path). */
export const SITE_DATA_DIR = 'data';

export interface SiteOptions {
  /** Absolute path of the directory that holds manifest.json. */
  readonly dataDir: string;
  /** Origin (and optional path) the site is hosted at, for absolute URLs. */
  readonly site: string;
  /** Base path: "/" or "/sub/path" (no trailing slash). */
  readonly base: string;
  readonly siteIsDefault: boolean;
}

export interface SiteEnv {
  readonly ATLAS_DATA?: string | undefined;
  readonly ATLAS_SITE?: string | undefined;
  readonly ATLAS_BASE?: string | undefined;
}

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

export function normalizeSite(raw: string | undefined): string {
  const value = raw?.trim() || DEFAULT_SITE_URL;
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
 * Resolves the site's inputs from the environment. A relative ATLAS_DATA is taken
 * from `cwd` (where the person ran the command); the default from the project root.
 */
export function resolveSiteOptions(env: SiteEnv, dirs: { cwd: string; projectRoot: string }): SiteOptions {
  const dataDir = env.ATLAS_DATA?.trim()
    ? path.resolve(dirs.cwd, env.ATLAS_DATA.trim())
    : path.resolve(dirs.projectRoot, DEFAULT_ATLAS_DATA_DIR);
  return {
    dataDir,
    site: normalizeSite(env.ATLAS_SITE),
    base: normalizeBase(env.ATLAS_BASE),
    siteIsDefault: !env.ATLAS_SITE?.trim(),
  };
}
