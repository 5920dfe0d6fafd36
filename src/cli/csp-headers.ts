/**
 * npm run csp-headers [-- --dist DIR] [--format nginx|caddy]
 *
 * Prints the server configuration that sends every built page its content security policy as a
 * header (src/site/security/headers.ts), read from the pages' own meta elements. docs/security.md.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseCommandLine } from '../lib/command-line.ts';
import { AtlasError } from '../errors.ts';
import { groupPolicies, SERVER_FORMATS, serverConfig, type ServerFormat } from '../site/security/headers.ts';
import { builtPagePolicies } from '../site/security/page-policy.ts';
import { normalizeBase } from '../site/site-options.ts';

const USAGE = `usage: npm run csp-headers [-- --dist DIR] [--format nginx|caddy]
  --dist DIR       the built site (default: dist/)
  --format NAME    nginx (default) or caddy
env: ATLAS_BASE (the base path the site was built for)`;

function isFormat(value: string): value is ServerFormat {
  return (SERVER_FORMATS as readonly string[]).includes(value);
}

export async function cspHeadersMain(argv: readonly string[]): Promise<number> {
  const { values } = parseCommandLine(
    argv,
    { options: { dist: { type: 'string', default: 'dist' }, format: { type: 'string', default: 'nginx' }, help: { type: 'boolean' }, verbose: { type: 'boolean' } } },
    'csp-headers',
  );
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (!isFormat(values.format)) throw new AtlasError(`unknown --format ${values.format}`, { hint: `use one of ${SERVER_FORMATS.join(', ')}` });
  const dist = path.resolve(values.dist);
  if (!existsSync(path.join(dist, 'index.html'))) throw new AtlasError(`no built site in ${dist}`, { hint: 'build it first (npm run site), or pass --dist DIR' });
  const pages = await builtPagePolicies(dist).catch((error: unknown) => {
    throw new AtlasError((error as Error).message, { hint: 'build the site with this project (astro.config.mjs enables security.csp)' });
  });
  process.stdout.write(serverConfig(groupPolicies(pages, normalizeBase(process.env.ATLAS_BASE)), values.format));
  return 0;
}
