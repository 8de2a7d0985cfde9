/** Every market-data provider the workstation knows, by the id used in settings, errors and topics. */
export const ProviderIds = [
  'yahoo',
  'alphavantage',
  'fred',
  'edgar',
  'datagov',
  'tradingeconomics',
  'dbnomics',
  'ibkr',
] as const;

export type ProviderId = (typeof ProviderIds)[number];

/** Human names, used at the start of every error message so the user knows which service failed. */
export const providerDisplayNames: Readonly<Record<ProviderId, string>> = Object.freeze({
  yahoo: 'Yahoo Finance',
  alphavantage: 'Alpha Vantage',
  fred: 'FRED',
  edgar: 'SEC EDGAR',
  datagov: 'Data.gov',
  tradingeconomics: 'Trading Economics',
  dbnomics: 'DBnomics',
  ibkr: 'IBKR',
});

export function isProviderId(value: unknown): value is ProviderId {
  return typeof value === 'string' && (ProviderIds as readonly string[]).includes(value);
}
