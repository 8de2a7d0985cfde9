/** Process exit codes of `nws`: scripts branch on these. */
export const ExitCode = {
  Ok: 0,
  /** The command ran and failed (data directory locked, storage error, host unreachable...). */
  Failed: 1,
  /** The command line itself is wrong: unknown command or option, bad value, missing argument. */
  Usage: 2,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
