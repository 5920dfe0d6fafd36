import { describeError, AtlasError } from '../errors.ts';

/**
 * Runs a CLI's main: user-facing failures print one line (plus a hint) and exit non-zero;
 * anything unexpected prints its stack only with --verbose.
 */
export async function runCli(main: (argv: string[]) => Promise<number>): Promise<void> {
  const argv = process.argv.slice(2);
  const verbose = argv.includes('--verbose');
  try {
    process.exitCode = await main(argv);
  } catch (error) {
    process.stderr.write(`error: ${describeError(error)}\n`);
    if (verbose && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    else if (!(error instanceof AtlasError)) process.stderr.write('  (run with --verbose for the stack trace)\n');
    process.exitCode = error instanceof AtlasError ? error.exitCode : 1;
  }
}
