/**
 * The site's content security policy, as Astro's `security.csp` builds it (astro.config.mjs): these
 * directives on every page, plus `script-src` and `style-src`, which Astro writes itself from
 * SCRIPT_SOURCES / STYLE_SOURCES and the hashes of the scripts and styles it bundles. A page that
 * runs WebAssembly opts in with allowWebAssembly. docs/security.md explains each directive.
 */
import type { AstroGlobal } from 'astro';

/** Directives other than script-src and style-src, the same on every page. */
export const POLICY_DIRECTIVES = [
  "default-src 'self'",
  // blob: the probe reads the visitor's image through an object URL.
  "img-src 'self' blob:",
  // data: Vite inlines a font file under 4 kB (the few Korean glyphs an English page shows) into the stylesheet.
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
] as const;

/** script-src before Astro's hashes: only the site's own files. */
export const SCRIPT_SOURCES = ["'self'"] as const;
/** style-src before Astro's hashes: only the site's own stylesheets. */
export const STYLE_SOURCES = ["'self'"] as const;

/** What a page that compiles WebAssembly adds to its script-src (no 'unsafe-eval': JavaScript eval stays blocked). */
export const WEBASSEMBLY_SOURCE = "'wasm-unsafe-eval'";

/** The referrer policy every page names in a meta element: nothing of an address leaves the site. */
export const REFERRER_POLICY = 'same-origin';

/** The config's `security.csp`. */
export const ASTRO_CSP = {
  algorithm: 'SHA-256',
  directives: [...POLICY_DIRECTIVES],
  scriptDirective: { resources: [...SCRIPT_SOURCES] },
  styleDirective: { resources: [...STYLE_SOURCES] },
} as const;

/**
 * Lets this page compile WebAssembly (TF.js's wasm backend, Pagefind). Call it in the page's
 * frontmatter (or pass BaseLayout's `webAssembly`), before the layout renders the head.
 */
export function allowWebAssembly(csp: AstroGlobal['csp']): void {
  csp?.insertScriptResource(WEBASSEMBLY_SOURCE);
}
