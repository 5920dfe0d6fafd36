/**
 * Pictures first: how many patterns a page loads at once, being in its first screen (the rest load
 * lazily). The layouts are in src/styles/first-screen.css; the browser test
 * test/site/first-screen-browser.test.ts checks that these are in view on a phone.
 */

/**
 * A layer page's thumbnails that load at once: what a phone's first screen holds (four columns,
 * four rows below the title and the method switch). A desktop's first screen shows more, and
 * Chromium fetches those at once anyway, lazy images being loaded as soon as they are in view.
 */
export const LAYER_PAGE_EAGER_THUMBS = 16;

/** Patterns per method in an overview card: two rows of four on a phone, one row of eight on a wide screen. */
export const OVERVIEW_SAMPLE_SIZE = 8;

/**
 * A families page's thumbnails that load at once: the first family's first two rows on a phone
 * (below the title, the figures line and the switch, each family starts with its name).
 */
export const FAMILIES_PAGE_EAGER_THUMBS = 8;
