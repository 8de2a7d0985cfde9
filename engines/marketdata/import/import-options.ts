import { z } from 'zod';
import { describeIssues, ErrorCode, formatBarSpec, NwsError, parseBarSpec, type BarSpec } from '@nws/core';
import { assertTimeZone } from './time-zone.js';

/** Venue given to imported instruments when --symbol names no venue. */
export const DEFAULT_IMPORT_VENUE = 'LOCAL';

export const importOptionsSchema = z.strictObject({
  /**
   * Instrument of the bars: `ORCL` (venue from `venue`) or a full id `ORCL.XNYS`. Default: from
   * each file's name (`orcl-1995-2014.csv` gives `ORCL`).
   */
  symbol: z.string().min(1).optional(),
  /** Venue for symbols given without one. */
  venue: z.string().regex(/^[A-Za-z0-9_]+$/, 'must be letters, digits or _').default(DEFAULT_IMPORT_VENUE),
  /** Bar spec of the file (`1m`, `1d`...); inferred from the spacing of the bars when absent. */
  bar: z.string().optional(),
  /** IANA zone of timestamps written without an offset (and of naive Parquet timestamps). */
  timeZone: z.string().default('UTC'),
  /** Multiply open, high, low and close by Adj Close / Close (Yahoo files). */
  adjust: z.boolean().default(false),
  /** Drop or fix bad rows instead of rejecting the file. */
  repair: z.boolean().default(false),
  /** Stored bars inside the file's time span: replace them (default) or refuse the file. */
  onOverlap: z.enum(['replace', 'reject']).default('replace'),
  /** Parse and check only: report what an import would do and write nothing. */
  dryRun: z.boolean().default(false),
  /** Issues listed per file in reports (all are counted). */
  maxIssues: z.number().int().min(1).max(1_000_000).default(1000),
});

export type ImportOptionsInput = z.input<typeof importOptionsSchema>;
export type ImportOptions = Readonly<z.output<typeof importOptionsSchema>> & { readonly barSpec?: BarSpec };

/** Validates import options; INVALID_ARGUMENT naming every bad field. */
export function loadImportOptions(input: ImportOptionsInput = {}): ImportOptions {
  const result = importOptionsSchema.safeParse(input);
  if (!result.success) throw new NwsError(ErrorCode.InvalidArgument, `import options: ${describeIssues(result.error.issues)}`, result.error.issues);
  const options = result.data;
  const problems: string[] = [];
  let barSpec: BarSpec | undefined;
  if (options.bar !== undefined) {
    try {
      barSpec = parseBarSpec(options.bar);
    } catch (error) {
      problems.push(`bar: ${(error as Error).message}`);
    }
  }
  try {
    assertTimeZone(options.timeZone);
  } catch (error) {
    problems.push(`timeZone: ${(error as Error).message}`);
  }
  if (problems.length > 0) throw new NwsError(ErrorCode.InvalidArgument, `import options: ${problems.join('; ')}`);
  return Object.freeze({ ...options, ...(barSpec ? { barSpec, bar: formatBarSpec(barSpec) } : {}) });
}
