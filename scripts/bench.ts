import { runCli } from '../src/cli/run.ts';
import { benchMain } from '../src/bench/main.ts';

await runCli(benchMain);
