import { runCli } from '../src/cli/run.ts';
import { AtlasError } from '../src/errors.ts';
import { writeClassExampleSet } from '../test/helpers/class-example-set.ts';

/** `node scripts/write-class-example-set.ts DIR [PER_CLASS]`: the generated class-folder example set the labelling run uses. */
await runCli(async ([dir, perClass = '40']) => {
  const count = Number(perClass);
  if (!dir || !Number.isInteger(count) || count < 1) throw new AtlasError('usage: node scripts/write-class-example-set.ts DIR [PER_CLASS]', { hint: 'e.g. node scripts/write-class-example-set.ts /tmp/class-set 40' });
  const files = await writeClassExampleSet(dir, count);
  process.stdout.write(`wrote ${files.length} images to ${dir}\n`);
  return 0;
});
