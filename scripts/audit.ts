import { auditMain } from '../src/cli/audit.ts';
import { runCli } from '../src/cli/run.ts';

await runCli((argv) => auditMain(argv));
