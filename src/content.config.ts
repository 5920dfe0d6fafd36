// `astro/content/config` is what `astro:content` re-exports here; importing it directly
// keeps this file type-checkable by plain `tsc` before `astro sync` has generated types.
import { defineCollection } from 'astro/content/config';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';

/**
 * The site's prose: content/<locale>/<topic>.md, one file per topic per language.
 * Topics: "about", "method", "tuning", and one per layer (named like the layer, e.g. block3_conv1).
 */
const prose = defineCollection({
  loader: glob({
    pattern: '*/*.md',
    base: './content',
    generateId: ({ entry }) => entry.replace(/\.md$/, ''),
  }),
  schema: z.object({
    title: z.string(),
    /** One paragraph shown where the topic is summarised (the overview's layer cards). */
    summary: z.string().optional(),
  }),
});

export const collections = { prose };
