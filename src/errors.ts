/**
 * An error caused by what the user asked for (a flag, a file, a genotype, a
 * backend that is not installed). The CLI prints its message as one line and
 * exits non-zero, without a stack trace; anything else is a bug and keeps its
 * stack.
 */
export class NasError extends Error {
  override readonly name = 'NasError';

  constructor(
    message: string,
    /** Process exit code the CLI uses for this error. */
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

/** The first line of an error's message, for one-line reports. */
export function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (
    text
      .split('\n')
      .find((line) => line.trim() !== '')
      ?.trim() ?? text
  );
}
