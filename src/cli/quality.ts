import { parseCommandLine } from '../lib/command-line.ts';
import { formatQuality, measureQuality, qualityRuntime } from '../bench/quality-report.ts';
import { resolveWeights } from '../engine/weights/source.ts';
import { defaultCacheDir } from '../engine/weights/download.ts';
import { AtlasError } from '../errors.ts';

export const QUALITY_HELP = `Measure the patterns of an atlas: frames at the border, pixel-level noise, and how
specific each filter's pattern is to it, per layer and method.

usage: npm run quality -- --out DIR --weights P

  --out DIR      the atlas directory (default atlas-out)
  --weights P    the weights the atlas was made with (as for precompute; default ATLAS_WEIGHTS)

border/interior: high-frequency energy per pixel in the border band (1/16 of the side) over
  that in the interior, pooled over the live filters' images; about 1 without frames.
framed: live filters whose own image has that ratio above 2.
HF share: median share of an image's variance that is pixel-level detail (image minus its 3x3 blur).
own image wins: live filters that respond more to their own pattern than to any other pattern of
  the layer and method (each method's own objective and input convention), and the same on the
  mean post-ReLU activation.
flat: live patterns whose pixels spread less than 12 of 255, not recorded as a flat optimum.
flat optimum: flat patterns the filter fires on and whose objective had stopped rising.
climbing: live filters whose objective rose more than 1 % of its range over the last tenth of the
  steps (enhanced: the untransformed image at the start of that tenth against the final image).`;

export async function qualityMain(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { values } = parseCommandLine(argv, { options: { out: { type: 'string' }, weights: { type: 'string' }, help: { type: 'boolean' }, verbose: { type: 'boolean' } } }, 'quality');
  if (values.help) {
    process.stdout.write(`${QUALITY_HELP}\n`);
    return 0;
  }
  const source = values.weights ?? env['ATLAS_WEIGHTS'];
  if (!source) throw new AtlasError('npm run quality needs the weights the atlas was made with', { hint: 'pass --weights PATH (or set ATLAS_WEIGHTS)' });
  const weights = await resolveWeights(source, { cacheDir: defaultCacheDir(env), log: (line) => process.stderr.write(`${line}\n`) });
  const runtime = await qualityRuntime();
  try {
    process.stdout.write(`${formatQuality(await measureQuality(values.out ?? 'atlas-out', weights, runtime))}\n`);
  } finally {
    await runtime.dispose();
  }
  return 0;
}
