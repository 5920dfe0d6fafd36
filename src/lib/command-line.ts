import { parseArgs, type ParseArgsConfig } from 'node:util';
import { AtlasError } from '../errors.ts';

type Parsed<T extends ParseArgsConfig> = ReturnType<typeof parseArgs<T>>;

/**
 * `parseArgs`, strict, with a bad command line as a one-line AtlasError: parseArgs explains over
 * several lines, the first naming the problem and the rest saying what to do, so the rest goes
 * into the hint with the command's --help.
 */
export function parseCommandLine<T extends Omit<ParseArgsConfig, 'args' | 'strict'>>(
  argv: readonly string[],
  config: T,
  command: string,
  exitCode?: number,
): Parsed<T & { args: string[]; strict: true }> {
  try {
    return parseArgs({ ...config, args: [...argv], strict: true });
  } catch (error) {
    const [problem = '', ...advice] = (error as Error).message.split('\n');
    const hint = [...advice, `run \`npm run ${command} -- --help\` for the options`].join(' ');
    throw new AtlasError(problem, { hint, ...(exitCode === undefined ? {} : { exitCode }) });
  }
}
