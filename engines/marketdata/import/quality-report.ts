/**
 * What the quality checks found. Errors reject a file (or are repaired with --repair);
 * warnings (gaps) are only reported. Each issue names the row, the column, the value and the rule.
 */
export const qualityRules = {
  // A cell that is not a number or not a date, a missing cell, or a date outside 1800–2300.
  unparseable: 'error',
  /** A missing, NaN or infinite price. */
  'nan-price': 'error',
  'negative-price': 'error',
  'high-below-low': 'error',
  'open-outside-range': 'error',
  'close-outside-range': 'error',
  /** A NaN or infinite volume (an empty volume cell reads as NaN). */
  'nan-volume': 'error',
  'negative-volume': 'error',
  'duplicate-timestamp': 'error',
  'out-of-order': 'error',
  /** Tick files: a quote whose bid is above its ask. */
  'crossed-quote': 'error',
  /** Tick files: a trade of size 0. */
  'zero-size': 'error',
  gap: 'warning',
} as const satisfies Record<string, 'error' | 'warning'>;

export type QualityRule = keyof typeof qualityRules;
export type QualitySeverity = 'error' | 'warning';

export interface QualityIssue {
  /** 1-based line in the CSV file (the header is line 1) or row in a Parquet file. */
  row: number;
  column: string;
  value: string;
  rule: QualityRule;
  severity: QualitySeverity;
}

export interface QualityReportSummary {
  /** The first issues found, in row order (at most `maxIssues`). */
  issues: QualityIssue[];
  /** Every issue counted by rule, including those beyond `maxIssues`. */
  counts: Partial<Record<QualityRule, number>>;
  errors: number;
  warnings: number;
}

export const DEFAULT_MAX_ISSUES = 1000;

/** Collects issues, keeping every count but only the first `maxIssues` details. */
export class QualityReport {
  private readonly kept: QualityIssue[] = [];
  private readonly counts: Partial<Record<QualityRule, number>> = {};
  private errorCount = 0;
  private warningCount = 0;

  constructor(private readonly maxIssues = DEFAULT_MAX_ISSUES) {}

  add(row: number, column: string, value: string | number, rule: QualityRule): void {
    const severity = qualityRules[rule];
    this.counts[rule] = (this.counts[rule] ?? 0) + 1;
    if (severity === 'error') this.errorCount++;
    else this.warningCount++;
    if (this.kept.length < this.maxIssues) this.kept.push({ row, column, value: String(value), rule, severity });
  }

  merge(other: QualityReportSummary): void {
    for (const issue of other.issues) {
      if (this.kept.length < this.maxIssues) this.kept.push(issue);
    }
    for (const [rule, count] of Object.entries(other.counts) as [QualityRule, number][]) {
      this.counts[rule] = (this.counts[rule] ?? 0) + count;
    }
    this.errorCount += other.errors;
    this.warningCount += other.warnings;
  }

  get errors(): number {
    return this.errorCount;
  }

  summary(): QualityReportSummary {
    const issues = [...this.kept].sort((a, b) => a.row - b.row);
    return { issues, counts: { ...this.counts }, errors: this.errorCount, warnings: this.warningCount };
  }
}

/** One line per issue, e.g. `row 12, High: 9.5 high-below-low`, then counts beyond the listed ones. */
export function formatQualityReport(summary: QualityReportSummary, limit = 20): string {
  const lines = summary.issues.slice(0, limit).map((issue) => `  row ${issue.row}, ${issue.column}: ${JSON.stringify(issue.value)} ${issue.rule} (${issue.severity})`);
  const total = summary.errors + summary.warnings;
  if (total > lines.length) {
    const byRule = Object.entries(summary.counts).map(([rule, count]) => `${rule} ${count}`).join(', ');
    lines.push(`  … ${total - lines.length} more (${byRule})`);
  }
  return lines.join('\n');
}
