import { copyFile, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { MANIFEST_FILE, type Manifest } from '../atlas/manifest.ts';
import { isSafeRelativePath, loadVerifiedAtlas, publicManifestText, referencedFiles } from './atlas-files.ts';
import { CARDS_DIR, cardJobs, writeCards } from './card-set.ts';
import { renderCard } from './cards.ts';
import { buildSiteAtlas } from './site-atlas.ts';
import { FAMILY_NOTES_ENV, verifyFamilyNotes } from './labels/notes.ts';
import { SITE_DATA_DIR, SITE_HINT } from './site-options.ts';
import { joinBase } from './urls.ts';
import { webImageCacheDir, webImageResolver, writeWebImages } from './web-image-files.ts';
import { DISPLAY_MIME_TYPE, WEB_IMAGES_DIR } from './web-images.ts';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.json': 'application/json',
};

/** Copies the manifest (its weights source made public) and every file it references into `<outDir>/data/`. */
export async function copyAtlasFiles(dataDir: string, manifest: Manifest, outDir: string): Promise<number> {
  const files = referencedFiles(manifest);
  for (const file of files) {
    const target = path.join(outDir, SITE_DATA_DIR, file);
    await mkdir(path.dirname(target), { recursive: true });
    await copyFile(path.join(dataDir, file), target);
  }
  const manifestText = await readFile(path.join(dataDir, MANIFEST_FILE), 'utf8');
  await writeFile(path.join(outDir, SITE_DATA_DIR, MANIFEST_FILE), publicManifestText(manifestText));
  return files.length + 1;
}

/** robots.txt; it names the sitemap only when the site's address is known (a sitemap is then built). */
export function robotsTxt(site: string | undefined, base: string): string {
  const rules = 'User-agent: *\nAllow: /\n';
  return site ? `${rules}\nSitemap: ${new URL(joinBase(base, 'sitemap.xml'), site).href}\n` : rules;
}

/** The build's one warning when no address is known (see site-options.ts). */
export function noAddressWarning(pageCount: number): string {
  return (
    `no site address: ATLAS_SITE is not set and this is not a GitHub Actions run, so none of the ${pageCount} pages ` +
    `has an absolute URL: no canonical link, og:url, og:image (link-preview card), hreflang links or sitemap; ` +
    `links and permalinks are root-relative. To publish cards, ${SITE_HINT}`
  );
}

/**
 * Ties the atlas data to Astro: validates it before a build or dev server starts
 * (so a bad manifest fails with one clear line instead of broken pages), serves
 * the images in dev, and copies them into the build with robots.txt and sitemap.xml.
 */
export function atlasIntegration(options: { dataDir: string; familyNotesDir: string }): AstroIntegration {
  const { dataDir, familyNotesDir } = options;
  let manifest: Manifest | undefined;
  let site: string | undefined;
  let base = '/';
  return {
    name: 'vgg16-atlas-data',
    hooks: {
      'astro:config:setup': async ({ command, addWatchFile }) => {
        // Pages read ATLAS_DATA; pin it to the absolute directory this build validated.
        process.env.ATLAS_DATA = dataDir;
        // …and the family notes' collection (src/content.config.ts) to the directory checked here.
        process.env[FAMILY_NOTES_ENV] = familyNotesDir;
        if (command === 'build' || command === 'dev') {
          manifest = await loadVerifiedAtlas(dataDir);
          verifyFamilyNotes(familyNotesDir, manifest);
          addWatchFile(path.join(dataDir, MANIFEST_FILE));
        }
      },
      'astro:config:done': ({ config }) => {
        site = config.site;
        base = config.base;
      },
      'astro:server:setup': ({ server }) => {
        const prefix = joinBase(base, `${SITE_DATA_DIR}/`);
        const cardsPrefix = joinBase(base, `${CARDS_DIR}/`);
        const cards = manifest ? cardJobs(buildSiteAtlas(manifest, dataDir)) : [];
        const imagesPrefix = joinBase(base, `${WEB_IMAGES_DIR}/`);
        const webImages = manifest && webImageResolver(dataDir, manifest, webImageCacheDir());
        server.middlewares.use((request, response, next) => {
          const url = new URL(request.url ?? '/', 'http://localhost');
          if (webImages && url.pathname.startsWith(imagesPrefix)) {
            // In dev, display images are derived (or taken from the cache) when asked for.
            const relative = decodeURIComponent(url.pathname.slice(joinBase(base, '').length));
            webImages(relative).then((file) => {
              if (!file) return next();
              response.setHeader('Content-Type', DISPLAY_MIME_TYPE);
              createReadStream(file).pipe(response);
            }, next);
            return;
          }
          if (url.pathname.startsWith(cardsPrefix)) {
            // In dev, cards are rendered when asked for; the build writes them all.
            const job = cards.find((card) => joinBase(base, card.path) === url.pathname);
            if (!job) return next();
            renderCard(job.spec).then((png) => {
              response.setHeader('Content-Type', 'image/png');
              response.end(png);
            }, next);
            return;
          }
          if (!url.pathname.startsWith(prefix)) return next();
          const relative = decodeURIComponent(url.pathname.slice(prefix.length));
          if (!isSafeRelativePath(relative)) return next();
          const file = path.join(dataDir, relative);
          stat(file).then(
            async () => {
              response.setHeader('Content-Type', CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream');
              if (relative === MANIFEST_FILE) response.end(publicManifestText(await readFile(file, 'utf8')));
              else createReadStream(file).pipe(response);
            },
            () => next(),
          );
        });
      },
      'astro:build:done': async ({ dir, pages, logger }) => {
        if (!manifest) return;
        if (site === undefined) logger.warn(noAddressWarning(pages.length));
        const outDir = fileURLToPath(dir);
        const copied = await copyAtlasFiles(dataDir, manifest, outDir);
        logger.info(`copied ${copied} atlas files from ${dataDir}`);
        const images = await writeWebImages(dataDir, manifest, outDir, webImageCacheDir());
        logger.info(
          `wrote ${images.files} display images of ${images.sources} atlas PNGs (${(images.bytes / 1e6).toFixed(1)} MB; ` +
            `${images.encoded} encoded, ${images.files - images.encoded} from the cache) in ${images.seconds.toFixed(1)} s`,
        );
        const cards = await writeCards(cardJobs(buildSiteAtlas(manifest, dataDir)), outDir);
        const megabytes = (cards.bytes / 1e6).toFixed(1);
        logger.info(`rendered ${cards.count} preview cards (${megabytes} MB) in ${cards.seconds.toFixed(1)} s`);
        await writeFile(path.join(outDir, 'robots.txt'), robotsTxt(site, base));
        // @astrojs/sitemap (listed before this integration) writes sitemap-index.xml; offer it at the usual name too.
        const index = await readFile(path.join(outDir, 'sitemap-index.xml')).catch(() => undefined);
        if (index) await writeFile(path.join(outDir, 'sitemap.xml'), index);
      },
    },
  };
}
