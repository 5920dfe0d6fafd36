import { runCli } from '../src/cli/run.ts';
import { precomputeMain } from '../src/cli/precompute.ts';

await runCli(precomputeMain);
