import path from 'node:path';
import { parseCommandLine } from '../lib/command-line.ts';
import { AtlasError } from '../errors.ts';
import { MANIFEST_FILE, readManifest } from '../atlas/manifest.ts';
import { formatLabelReport, labelReport } from '../atlas/labels/report.ts';

export const LABELS_HELP = `Report an atlas' filter labels and families, per layer (see docs/labels.md).

usage: npm run labels -- [--out DIR]

  --out DIR   the atlas directory (default atlas-out)

families: the layer's families, the silent one counted; silhouette: the chosen count's mean
  silhouette; specific: filters whose label states a preference (not "no clear preference", not
  silent); en+ko: labels with text in both languages (Korean in Hangul); OSI≥0.3 named: filters
  with an orientation selectivity of at least 0.3 whose label names the orientation in degrees;
  neighbours by: what the similar filters were correlated on.`;

export async function labelsMain(argv: string[]): Promise<number> {
  const { values } = parseCommandLine(argv, { options: { out: { type: 'string' }, help: { type: 'boolean' }, verbose: { type: 'boolean' } } }, 'labels');
  if (values.help) {
    process.stdout.write(`${LABELS_HELP}\n`);
    return 0;
  }
  const dir = values.out ?? 'atlas-out';
  const manifest = await readManifest(path.join(dir, MANIFEST_FILE));
  if (!manifest.labelsProtocol) {
    throw new AtlasError(`the atlas in ${dir} has no labels`, { hint: 'labels are made with the tuning: run `npm run precompute` without --no-tuning (or `npm run merge` for shards)' });
  }
  process.stdout.write(`${formatLabelReport(labelReport(manifest))}\n`);
  return 0;
}
