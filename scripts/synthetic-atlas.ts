/**
 * npm run synthetic-atlas -- --from DIR --out DIR [--no-stand-ins]
 *
 * Writes an atlas at the full atlas's page sizes from a real one, for `npm run audit`
 * (see src/audit/synthetic-atlas.ts): four layers of 64/128/256/512 filters, plus four
 * 64-filter layers that stand in for the second method's grids on the overview.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { FULL_ATLAS_LAYERS, SECOND_METHOD_STAND_INS, writeSyntheticAtlas } from '../src/audit/synthetic-atlas.ts';
import { runCli } from '../src/cli/run.ts';
import { AtlasError } from '../src/errors.ts';

await runCli(async (argv) => {
  const { values } = parseArgs({
    args: argv,
    options: { from: { type: 'string' }, out: { type: 'string' }, 'no-stand-ins': { type: 'boolean', default: false } },
    strict: true,
  });
  if (!values.from || !values.out) {
    throw new AtlasError('usage: npm run synthetic-atlas -- --from DIR --out DIR [--no-stand-ins]', { exitCode: 64 });
  }
  const layers = values['no-stand-ins'] ? FULL_ATLAS_LAYERS : [...FULL_ATLAS_LAYERS, ...SECOND_METHOD_STAND_INS];
  const summary = await writeSyntheticAtlas(path.resolve(values.from), path.resolve(values.out), layers);
  console.log(`synthetic atlas: ${summary.filters} filters in ${summary.layers} layers (${summary.copied} copied from ${values.from}) in ${values.out}`);
  return 0;
});
