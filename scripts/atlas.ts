/**
 * npm run atlas [-- precompute options]: precompute the patterns, then build the site from them.
 * The site build runs in its own process, as `npm run site` would, once precompute succeeded.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { resolveConfig } from '../src/atlas/config.ts';
import { precomputeMain } from '../src/cli/precompute.ts';
import { runCli } from '../src/cli/run.ts';

await runCli(async (argv) => {
  const precomputeExit = await precomputeMain(argv);
  if (precomputeExit !== 0 || argv.includes('--help') || argv.includes('-h')) return precomputeExit;
  const { out } = await resolveConfig(argv);
  const site = fileURLToPath(new URL('./site.ts', import.meta.url));
  const build = spawnSync(process.execPath, [site, '--out', out], { stdio: 'inherit' });
  return build.status ?? 1;
});
