import { runCli } from '../src/cli/run.ts';
import { mergeMain } from '../src/cli/merge.ts';

await runCli((argv) => mergeMain(argv));
