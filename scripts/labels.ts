import { runCli } from '../src/cli/run.ts';
import { labelsMain } from '../src/cli/labels.ts';

await runCli((argv) => labelsMain(argv));
