/**
 * npm run synthetic-atlas -- --from DIR --out DIR
 *
 * Writes an atlas at the full atlas's page sizes from a real one, for `npm run audit`
 * (see src/audit/synthetic-atlas.ts): four layers of 64/128/256/512 filters, for every method
 * of the source atlas.
 */
import path from 'node:path';
import { parseCommandLine } from '../src/lib/command-line.ts';
import { FULL_ATLAS_LAYERS, writeSyntheticAtlas } from '../src/audit/synthetic-atlas.ts';
import { runCli } from '../src/cli/run.ts';
import { AtlasError } from '../src/errors.ts';

const USAGE = 'usage: npm run synthetic-atlas -- --from DIR --out DIR';

await runCli(async (argv) => {
  const { values } = parseCommandLine(argv, { options: { from: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean' } } }, 'synthetic-atlas', 64);
  if (values.help) {
    console.log(`Writes an atlas at the full atlas's page sizes from a real one, for \`npm run audit\`.\n\n${USAGE}`);
    return 0;
  }
  if (!values.from || !values.out) {
    throw new AtlasError('npm run synthetic-atlas needs --from and --out', { hint: USAGE, exitCode: 64 });
  }
  const summary = await writeSyntheticAtlas(path.resolve(values.from), path.resolve(values.out), FULL_ATLAS_LAYERS);
  console.log(`synthetic atlas: ${summary.filters} filters in ${summary.layers} layers (${summary.copied} copied from ${values.from}) in ${values.out}`);
  return 0;
});
