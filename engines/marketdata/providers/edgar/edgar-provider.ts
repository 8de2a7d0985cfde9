// SEC EDGAR: ticker → CIK (company_tickers.json), company facts from XBRL
// (/api/xbrl/companyfacts/CIK##########.json) and recent filings by form type
// (/submissions/CIK##########.json). No key, but the SEC's fair-access policy requires a declared
// User-Agent with a contact e-mail and at most 10 requests a second; both are enforced here.
import { z } from 'zod';
import type { ProvidersConfig } from '../config.js';
import { systemClock, type ProviderClock } from '../http/clock.js';
import type { JsonRequest, ProviderHttpClient } from '../http/http-client.js';
import { utcDateMs } from '../normalise.js';
import { createPerSecondHttpClient, probeHealth, type CacheTtls, type ProviderDeps } from '../provider-context.js';
import { providerError, unknownSymbolError } from '../provider-error.js';
import type {
  CallOptions,
  CompanyFundamentals,
  Filing,
  FilingsQuery,
  MarketDataProvider,
  ProviderCapability,
  ProviderHealth,
  SearchOptions,
  SymbolMatch,
} from '../types.js';

const tickersSchema = z.record(z.string(), z.object({ cik_str: z.number(), ticker: z.string(), title: z.string() }));

const factPointSchema = z.object({
  start: z.string().optional(),
  end: z.string(),
  val: z.number(),
  accn: z.string(),
  fy: z.number().nullable().optional(),
  fp: z.string().nullable().optional(),
  form: z.string(),
  filed: z.string(),
  frame: z.string().optional(),
});

const companyFactsSchema = z.object({
  cik: z.number(),
  entityName: z.string(),
  facts: z.record(
    z.string(),
    z.record(z.string(), z.object({ label: z.string().nullable(), description: z.string().nullable().optional(), units: z.record(z.string(), z.array(factPointSchema)) })),
  ),
});

const column = z.array(z.string());
const submissionsSchema = z.object({
  cik: z.string(),
  name: z.string(),
  tickers: z.array(z.string()).optional(),
  filings: z.object({
    recent: z.object({
      accessionNumber: column,
      filingDate: column,
      reportDate: column,
      form: column,
      primaryDocument: column,
      primaryDocDescription: column,
    }),
  }),
});

export interface XbrlFactPoint {
  start?: number;
  end: number;
  value: number;
  fiscalYear?: number;
  fiscalPeriod?: string;
  form: string;
  filedAt: number;
  accessionNumber: string;
  frame?: string;
}

export interface XbrlFact {
  taxonomy: string;
  concept: string;
  label: string;
  unit: string;
  points: XbrlFactPoint[];
}

export interface CompanyFacts {
  cik: string;
  entityName: string;
  facts: XbrlFact[];
}

/** Headline figures for CompanyFundamentals.metrics: name → candidate us-gaap/dei concepts in order. */
const headlineConcepts: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['Revenues', ['Revenues', 'RevenueFromContractWithCustomerExcludingAssessedTax', 'SalesRevenueNet']],
  ['NetIncomeLoss', ['NetIncomeLoss']],
  ['Assets', ['Assets']],
  ['Liabilities', ['Liabilities']],
  ['StockholdersEquity', ['StockholdersEquity']],
  ['EarningsPerShareDiluted', ['EarningsPerShareDiluted']],
  ['SharesOutstanding', ['EntityCommonStockSharesOutstanding']],
];

export class EdgarProvider implements MarketDataProvider {
  readonly id = 'edgar' as const;
  readonly displayName = 'SEC EDGAR';
  readonly capabilities: ReadonlySet<ProviderCapability> = new Set(['search', 'fundamentals', 'filings']);
  private readonly client: ProviderHttpClient;
  private readonly clock: ProviderClock;

  constructor(
    private readonly config: ProvidersConfig['edgar'],
    private readonly ttl: CacheTtls,
    deps: ProviderDeps,
  ) {
    this.clock = deps.clock ?? systemClock;
    this.client = createPerSecondHttpClient(this.id, { ...config, baseUrl: config.dataBaseUrl }, deps, { userAgent: config.userAgent ?? undefined });
  }

  health(options: CallOptions = {}): Promise<ProviderHealth> {
    return probeHealth(this.id, this.client, this.clock, async () => ({ ...this.tickersRequest(), what: 'health check', signal: options.signal }));
  }

  /** Tickers or company names containing the query; exact ticker first. */
  async search(query: string, options: SearchOptions = {}): Promise<SymbolMatch[]> {
    const text = query.trim().toUpperCase();
    if (text === '') return [];
    const companies = await this.companies(options.signal);
    const scored = companies
      .map((company) => ({ company, score: company.ticker === text ? 3 : company.ticker.startsWith(text) ? 2 : company.title.toUpperCase().includes(text) ? 1 : 0 }))
      .filter((entry) => entry.score > 0)
      .sort((a, b) => b.score - a.score || a.company.ticker.localeCompare(b.company.ticker));
    return scored.slice(0, options.limit ?? 10).map(({ company, score }) => ({
      source: this.id,
      kind: 'instrument' as const,
      symbol: company.ticker,
      name: company.title,
      assetType: 'equity',
      score,
    }));
  }

  /** The 10-digit CIK for a ticker (or a CIK given as digits). */
  async cikFor(symbol: string, signal?: AbortSignal): Promise<string> {
    const wanted = symbol.trim().toUpperCase();
    if (/^\d{1,10}$/.test(wanted)) return wanted.padStart(10, '0');
    const match = (await this.companies(signal)).find((company) => company.ticker === wanted);
    if (!match) throw unknownSymbolError(this.id, symbol.trim());
    return String(match.cik).padStart(10, '0');
  }

  async companyFacts(symbol: string, options: CallOptions = {}): Promise<CompanyFacts> {
    const cik = await this.cikFor(symbol, options.signal);
    const body = await this.client.getJson(
      this.withUserAgent({
        path: `/api/xbrl/companyfacts/CIK${cik}.json`,
        what: `company facts for CIK ${cik}`,
        schema: companyFactsSchema,
        cacheTtlMs: this.ttl.reference,
        onNotFound: () => providerError(this.id, 'not-found', `no XBRL company facts for ${symbol.trim()} (CIK ${cik})`),
        signal: options.signal,
      }),
    );
    const facts = Object.entries(body.facts).flatMap(([taxonomy, concepts]) =>
      Object.entries(concepts).flatMap(([concept, fact]) =>
        Object.entries(fact.units).map(([unit, points]) => ({
          taxonomy,
          concept,
          label: fact.label ?? concept,
          unit,
          points: points.flatMap((point) => toFactPoint(point)),
        })),
      ),
    );
    return { cik, entityName: body.entityName, facts };
  }

  /** Headline numbers from the latest annual (10-K, FY) report; shares from the latest cover page. */
  async fundamentals(symbol: string, options: CallOptions = {}): Promise<CompanyFundamentals> {
    const companyFacts = await this.companyFacts(symbol, options);
    const metrics: Record<string, number | null> = {};
    let asOf: number | undefined;
    for (const [name, concepts] of headlineConcepts) {
      const point = latestAnnualPoint(companyFacts.facts, concepts, name === 'SharesOutstanding');
      metrics[name] = point?.value ?? null;
      if (point && name !== 'SharesOutstanding') asOf = Math.max(asOf ?? -Infinity, point.end);
    }
    return { symbol: symbol.trim().toUpperCase(), name: companyFacts.entityName, cik: companyFacts.cik, metrics, asOf };
  }

  /** Recent filings (newest first), optionally only some form types. */
  async filings(symbol: string, query: FilingsQuery = {}): Promise<Filing[]> {
    const cik = await this.cikFor(symbol, query.signal);
    const body = await this.client.getJson(
      this.withUserAgent({
        path: `/submissions/CIK${cik}.json`,
        what: `filings for CIK ${cik}`,
        schema: submissionsSchema,
        cacheTtlMs: this.ttl.reference,
        onNotFound: () => providerError(this.id, 'not-found', `no filings for ${symbol.trim()} (CIK ${cik})`),
        signal: query.signal,
      }),
    );
    const forms = query.forms ? new Set(query.forms.map((form) => form.toUpperCase())) : undefined;
    const recent = body.filings.recent;
    const cikNumber = String(Number(cik));
    const filings: Filing[] = [];
    recent.accessionNumber.forEach((accessionNumber, index) => {
      const form = recent.form[index] ?? '';
      const filedAt = utcDateMs(recent.filingDate[index]);
      if (filedAt === undefined || (forms && !forms.has(form.toUpperCase()))) return;
      const primaryDocument = recent.primaryDocument[index] ?? '';
      filings.push({
        cik,
        accessionNumber,
        form,
        filedAt,
        reportDate: utcDateMs(recent.reportDate[index]),
        primaryDocument,
        description: recent.primaryDocDescription[index] || undefined,
        url: `${this.config.wwwBaseUrl.replace(/\/+$/, '')}/Archives/edgar/data/${cikNumber}/${accessionNumber.replace(/-/g, '')}/${primaryDocument}`,
      });
    });
    return filings.sort((a, b) => b.filedAt - a.filedAt).slice(0, query.limit ?? filings.length);
  }

  private async companies(signal?: AbortSignal): Promise<Array<{ cik: number; ticker: string; title: string }>> {
    const body = await this.client.getJson(this.withUserAgent({ ...this.tickersRequest(), signal }));
    return Object.values(body).map((row) => ({ cik: row.cik_str, ticker: row.ticker.toUpperCase(), title: row.title }));
  }

  private tickersRequest(): JsonRequest<z.infer<typeof tickersSchema>> {
    return this.withUserAgent({
      path: '/files/company_tickers.json',
      baseUrl: this.config.wwwBaseUrl,
      what: 'the ticker list',
      schema: tickersSchema,
      cacheTtlMs: this.ttl.reference,
    });
  }

  /** The SEC blocks undeclared clients; refuse to call without a User-Agent rather than get blocked. */
  private withUserAgent<T>(request: JsonRequest<T>): JsonRequest<T> {
    if (!this.config.userAgent) {
      throw providerError(this.id, 'missing-key', 'set a User-Agent with your name and contact e-mail in Settings → Providers → SEC EDGAR (SEC fair-access policy)');
    }
    return request;
  }
}

function toFactPoint(point: z.infer<typeof factPointSchema>): XbrlFactPoint[] {
  const end = utcDateMs(point.end);
  const filedAt = utcDateMs(point.filed);
  if (end === undefined || filedAt === undefined) return [];
  return [{
    start: utcDateMs(point.start),
    end,
    value: point.val,
    fiscalYear: point.fy ?? undefined,
    fiscalPeriod: point.fp ?? undefined,
    form: point.form,
    filedAt,
    accessionNumber: point.accn,
    frame: point.frame,
  }];
}

/** Latest point from a 10-K for the period ending last (any form when `anyForm`), across candidate concepts. */
function latestAnnualPoint(facts: ReadonlyArray<XbrlFact>, concepts: readonly string[], anyForm: boolean): XbrlFactPoint | undefined {
  for (const concept of concepts) {
    const points = facts
      .filter((fact) => fact.concept === concept)
      .flatMap((fact) => fact.points)
      .filter((point) => anyForm || (point.form === '10-K' && point.fiscalPeriod === 'FY'));
    if (points.length > 0) return points.reduce((best, point) => (point.end > best.end || (point.end === best.end && point.filedAt > best.filedAt) ? point : best));
  }
  return undefined;
}
