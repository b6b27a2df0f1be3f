/**
 * An error that stops a run before any output is written: a missing tsconfig,
 * an unreadable file, an output folder that cannot be written. The CLI prints
 * its message (which names the file) and exits with `exitCode`.
 */
export class ToolError extends Error {
  override readonly name = 'ToolError';
  constructor(
    message: string,
    /** 2 for a setup problem (the command could not run), 1 for a problem in the user's code. */
    readonly exitCode: 1 | 2 = 2,
  ) {
    super(message);
  }
}
