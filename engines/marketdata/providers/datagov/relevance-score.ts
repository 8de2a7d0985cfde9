// How useful a Data.gov dataset is likely to be for trading, 0–100, from its metadata alone:
//
//   score = 100 · (0.35·K + 0.20·F + 0.15·R + 0.15·M + 0.15·P), rounded to one decimal
//
//   K  keywords:        distinct market terms (marketTerms) found in title, tags, groups and
//                       description, min(1, count / 3)
//   F  frequency:       from accrualPeriodicity: daily or finer 1.0, weekly 0.85, monthly 0.7,
//                       quarterly 0.5, annual 0.25, anything else or missing 0.1
//   R  recency:         2^(−age / 180 days) of metadata_modified (halves every six months)
//   M  machine-readable: 1 if a resource is CSV, JSON, XML, XLS(X), Parquet or an API;
//                       0.5 if there are resources but none of those; 0 with no resources
//   P  publisher:       1 for agencies whose releases move markets (marketPublishers), else 0
//
// Keywords carry the most weight because a dataset about animals updated daily is still noise;
// frequency next because a trader needs data that changes while positions are open.

export interface DatasetMetadata {
  title: string;
  notes?: string | null;
  tags: readonly string[];
  groups: readonly string[];
  organizationTitle?: string;
  /** ISO 8601 repeating interval such as R/P1M, or free text. */
  accrualPeriodicity?: string;
  metadataModifiedMs?: number;
  resourceFormats: readonly string[];
}

export interface RelevanceScore {
  score: number;
  parts: { keywords: number; frequency: number; recency: number; machineReadable: number; publisher: number };
  matchedTerms: string[];
}

export const relevanceWeights = Object.freeze({ keywords: 0.35, frequency: 0.2, recency: 0.15, machineReadable: 0.15, publisher: 0.15 });

export const marketTerms: readonly string[] = Object.freeze([
  'price', 'inflation', 'cpi', 'employment', 'unemployment', 'payroll', 'wage', 'interest rate', 'yield', 'treasury',
  'bond', 'debt', 'gdp', 'production', 'trade', 'export', 'import', 'energy', 'oil', 'natural gas', 'electricity',
  'commodity', 'crop', 'housing', 'mortgage', 'credit', 'loan', 'bank', 'financial', 'market', 'stock', 'securities',
  'consumer', 'retail', 'sales', 'manufacturing', 'earnings', 'revenue', 'budget', 'spending', 'currency', 'exchange rate',
]);

export const marketPublishers: readonly string[] = Object.freeze([
  'bureau of labor statistics', 'bureau of economic analysis', 'department of the treasury', 'federal reserve',
  'energy information administration', 'census bureau', 'department of agriculture', 'commodity futures trading commission',
  'securities and exchange commission', 'federal housing finance agency', 'department of labor', 'department of commerce',
]);

const machineFormats = new Set(['CSV', 'JSON', 'XML', 'XLS', 'XLSX', 'PARQUET', 'API', 'ESRI REST']);
const HALF_LIFE_DAYS = 180;

export function tradingRelevance(dataset: DatasetMetadata, nowMs: number): RelevanceScore {
  const text = [dataset.title, dataset.notes ?? '', ...dataset.tags, ...dataset.groups].join(' ').toLowerCase().replace(/[-_]/g, ' ');
  const matchedTerms = marketTerms.filter((term) => new RegExp(`\\b${term}s?\\b`).test(text));
  const parts = {
    keywords: Math.min(1, matchedTerms.length / 3),
    frequency: frequencyWeight(dataset.accrualPeriodicity),
    recency: dataset.metadataModifiedMs === undefined ? 0 : 2 ** (-Math.max(0, nowMs - dataset.metadataModifiedMs) / 86_400_000 / HALF_LIFE_DAYS),
    machineReadable: dataset.resourceFormats.length === 0 ? 0 : dataset.resourceFormats.some((format) => machineFormats.has(format.trim().toUpperCase())) ? 1 : 0.5,
    publisher: marketPublishers.some((name) => (dataset.organizationTitle ?? '').toLowerCase().includes(name)) ? 1 : 0,
  };
  const weighted = (Object.keys(relevanceWeights) as Array<keyof typeof relevanceWeights>).reduce(
    (sum, part) => sum + relevanceWeights[part] * parts[part],
    0,
  );
  return { score: Math.round(weighted * 1000) / 10, parts, matchedTerms };
}

/** Weight of an update frequency given as an ISO 8601 repeating duration (R/P1M) or plain words. */
export function frequencyWeight(periodicity: string | undefined): number {
  const value = (periodicity ?? '').trim().toUpperCase();
  if (/^R\/PT|^R\/P1D$|DAILY|CONTINUOUS/.test(value)) return 1;
  if (/^R\/P(1W|0\.5M|3\.5D)$|WEEKLY/.test(value)) return 0.85;
  if (/^R\/P1M$|MONTHLY/.test(value)) return 0.7;
  if (/^R\/P3M$|QUARTERLY/.test(value)) return 0.5;
  if (/^R\/P(1Y|6M)$|ANNUAL|YEARLY/.test(value)) return 0.25;
  return 0.1;
}
