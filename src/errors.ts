/**
 * An error whose message is meant for the person running the tool: one line that
 * names the problem, plus an optional hint that says how to fix it. CLIs print
 * these without a stack trace (unless --verbose) and exit non-zero.
 */
export class AtlasError extends Error {
  readonly hint: string | undefined;
  readonly exitCode: number;

  constructor(message: string, options: { hint?: string; exitCode?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AtlasError';
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? 2;
  }
}

export function describeError(error: unknown): string {
  if (error instanceof AtlasError) return error.hint ? `${error.message}\n  hint: ${error.hint}` : error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
