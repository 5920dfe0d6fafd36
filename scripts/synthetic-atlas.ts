/**
 * npm run synthetic-atlas -- --from DIR --out DIR
 *
 * Writes an atlas at the full atlas's page sizes from a real one, for `npm run audit`
 * (see src/audit/synthetic-atlas.ts): four layers of 64/128/256/512 filters, for every method
 * of the source atlas.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { FULL_ATLAS_LAYERS, writeSyntheticAtlas } from '../src/audit/synthetic-atlas.ts';
import { runCli } from '../src/cli/run.ts';
import { AtlasError } from '../src/errors.ts';

await runCli(async (argv) => {
  const { values } = parseArgs({ args: argv, options: { from: { type: 'string' }, out: { type: 'string' } }, strict: true });
  if (!values.from || !values.out) {
    throw new AtlasError('npm run synthetic-atlas needs --from and --out', { hint: 'usage: npm run synthetic-atlas -- --from DIR --out DIR', exitCode: 64 });
  }
  const summary = await writeSyntheticAtlas(path.resolve(values.from), path.resolve(values.out), FULL_ATLAS_LAYERS);
  console.log(`synthetic atlas: ${summary.filters} filters in ${summary.layers} layers (${summary.copied} copied from ${values.from}) in ${values.out}`);
  return 0;
});
