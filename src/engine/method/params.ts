import { z } from 'zod';

/**
 * How a filter's ascent ended: "ok"; "dead" when the image never moved (a zero gradient
 * throughout, e.g. a filter silent on its starting image); "failed" when its loss or gradient
 * turned NaN or infinite, which froze that image.
 */
export const FilterStatus = z.enum(['ok', 'dead', 'failed']);
export type FilterStatus = z.infer<typeof FilterStatus>;

/** The notebook's method, reproduced exactly. */
export const ClassicParams = z.strictObject({
  name: z.literal('classic'),
  size: z.number().int().positive(),
  steps: z.number().int().positive(),
  step: z.number().positive(),
  seed: z.number().int().nonnegative(),
});
export type ClassicParams = z.infer<typeof ClassicParams>;

export const MethodParams = ClassicParams;
export type MethodParams = ClassicParams;
