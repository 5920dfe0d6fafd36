import { SITE_DATA_DIR } from './site-options.ts';

/** Joins a base ("/", "/atlas" or "/atlas/") and a path relative to it. */
export function joinBase(base: string, relative: string): string {
  const prefix = base.endsWith('/') ? base : `${base}/`;
  return `${prefix}${relative.replace(/^\/+/, '')}`;
}

function encodePath(relative: string): string {
  return relative.split('/').map(encodeURIComponent).join('/');
}

/** URL of an atlas file (a manifest path) inside the built site. */
export function dataUrl(base: string, manifestPath: string): string {
  return joinBase(base, `${SITE_DATA_DIR}/${encodePath(manifestPath)}`);
}

/** Locale-free page paths, relative to the locale root; always with a trailing slash. */
export function layerPagePath(layer: string): string {
  return `${encodeURIComponent(layer)}/`;
}

/** A layer's thumbnails in a method other than the site's primary one: "block2_conv1/enhanced/". */
export function layerMethodPagePath(layer: string, method: string): string {
  return `${encodeURIComponent(layer)}/${encodeURIComponent(method)}/`;
}

/** The page that compares the methods. */
export const METHODS_PAGE_PATH = 'methods/';

export function filterPagePath(layer: string, index: number): string {
  return `${encodeURIComponent(layer)}/${index}/`;
}

/** A download file name that keeps the layer: "block1_conv1/3.png" → "block1_conv1-3.png". */
export function downloadName(manifestPath: string): string {
  return manifestPath.split('/').join('-');
}
