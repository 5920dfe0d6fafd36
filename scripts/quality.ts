import { runCli } from '../src/cli/run.ts';
import { qualityMain } from '../src/cli/quality.ts';

await runCli((argv) => qualityMain(argv));
