// @ts-check
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'astro/config';
import sitemap from '@astrojs/sitemap';
import { atlasIntegration } from './src/site/atlas-integration.ts';
import { DEFAULT_LOCALE, LOCALES } from './src/site/i18n.ts';
import { koreanFontIntegration } from './src/site/korean-font.ts';
import { familyNotesDir } from './src/site/labels/notes.ts';
import { resolveSiteOptions } from './src/site/site-options.ts';
import { ASTRO_CSP } from './src/site/security/policy.ts';
import { tuningImagesIntegration } from './src/site/tuning/images.ts';

// ATLAS_DATA: the precompute output (default: atlas-out/ in the project root).
// ATLAS_SITE / ATLAS_BASE: where the site is hosted, e.g. https://you.github.io and /atlas. Without
// ATLAS_SITE, a GitHub Actions run uses its repository's Pages address; elsewhere the pages get no
// absolute URLs at all (no canonical, og:url, og:image, hreflang or sitemap) and the build says so.
const projectRoot = fileURLToPath(new URL('.', import.meta.url));
const options = resolveSiteOptions(process.env, { cwd: process.cwd(), projectRoot });
// ATLAS_FAMILY_NOTES: a person's names and comments for the families (default: content/families/).
const notesDir = familyNotesDir(process.env, { cwd: process.cwd(), projectRoot });

export default defineConfig({
  site: options.site,
  base: options.base,
  trailingSlash: 'always',
  build: { format: 'directory' },
  i18n: {
    locales: [...LOCALES],
    defaultLocale: DEFAULT_LOCALE,
    routing: { prefixDefaultLocale: false },
  },
  integrations: [
    // A sitemap lists absolute URLs: only with a known address.
    ...(options.site === undefined
      ? []
      : [
          sitemap({
            i18n: { defaultLocale: DEFAULT_LOCALE, locales: Object.fromEntries(LOCALES.map((locale) => [locale, locale])) },
            // Not the 404 page, nor /go/, which only redirects.
            filter: (page) => !page.includes('/404') && !/\/go\/$/.test(page),
          }),
        ]),
    atlasIntegration({ dataDir: options.dataDir, familyNotesDir: notesDir }),
    tuningImagesIntegration({ dataDir: options.dataDir }),
    koreanFontIntegration({ projectRoot, manifestPath: path.join(options.dataDir, 'manifest.json'), textDirs: [notesDir] }),
  ],
  // A content security policy in every page's <meta> (src/site/security/policy.ts, docs/security.md).
  security: { csp: ASTRO_CSP },
  // Shiki colours code with inline style attributes, which the policy blocks; the prose has no code blocks.
  markdown: { syntaxHighlight: false },
  devToolbar: { enabled: false },
});
