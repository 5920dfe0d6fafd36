import { cspHeadersMain } from '../src/cli/csp-headers.ts';
import { runCli } from '../src/cli/run.ts';

await runCli((argv) => cspHeadersMain(argv));
