import { defineInstrument, instrumentId, type Instrument } from '@nws/core';

/** The simulated venue of the demo market (Nautilus calls its simulated venues SIM). */
export const DEMO_VENUE = 'SIM';

export const DEMO_SECTORS = [
  'Technology',
  'Financials',
  'Energy',
  'Health Care',
  'Consumer',
  'Industrials',
  'Utilities',
  'Materials',
] as const;
export type DemoSector = (typeof DEMO_SECTORS)[number];

/** How one demo instrument behaves: where it starts and how it loads on market and sector. */
export interface DemoProfile {
  symbol: string;
  name: string;
  sector: DemoSector;
  /** Price on the first day of the history. */
  startPrice: number;
  /** Loading on the market factor. */
  beta: number;
  /** Loading on its sector factor. */
  sectorLoading: number;
  /** Annualised volatility of its own (idiosyncratic) returns. */
  idiosyncraticVol: number;
  /** Annual drift of the log price. */
  drift: number;
  /** Typical shares traded per day. */
  averageDailyVolume: number;
}

/**
 * Twenty-four made-up companies, three per sector, with betas from defensive (utilities) to
 * aggressive (technology). Names are fictional so nobody mistakes demo prices for real ones.
 */
export const DEMO_PROFILES: readonly DemoProfile[] = Object.freeze([
  profile('NOVA', 'Nova Microsystems', 'Technology', 182, 1.25, 0.9, 0.24, 0.14, 3_200_000),
  profile('QBIT', 'Qubit Logic', 'Technology', 64, 1.45, 1.1, 0.36, 0.18, 5_400_000),
  profile('CLDX', 'Cloudex Software', 'Technology', 121, 1.3, 1.0, 0.3, 0.1, 2_100_000),
  profile('HBNK', 'Harbor Bank', 'Financials', 48, 1.1, 0.9, 0.2, 0.06, 6_800_000),
  profile('SUMT', 'Summit Capital', 'Financials', 95, 1.2, 1.0, 0.22, 0.07, 1_900_000),
  profile('LDGR', 'Ledger Insurance', 'Financials', 73, 0.9, 0.8, 0.18, 0.05, 1_200_000),
  profile('PTRX', 'Petrox Energy', 'Energy', 58, 0.95, 1.3, 0.26, 0.04, 4_300_000),
  profile('SHLE', 'Shale Point Resources', 'Energy', 31, 1.15, 1.5, 0.34, 0.03, 3_600_000),
  profile('SOLR', 'Solaris Renewables', 'Energy', 42, 1.35, 1.1, 0.42, 0.09, 2_800_000),
  profile('MEDI', 'Medica Health', 'Health Care', 133, 0.7, 0.8, 0.19, 0.07, 1_700_000),
  profile('GENX', 'Genexa Therapeutics', 'Health Care', 27, 1.2, 1.0, 0.48, 0.08, 3_900_000),
  profile('CURA', 'Cura Devices', 'Health Care', 88, 0.85, 0.9, 0.21, 0.06, 1_100_000),
  profile('BRGT', 'Bright Retail', 'Consumer', 66, 0.95, 1.0, 0.23, 0.05, 2_400_000),
  profile('FRSH', 'Fresh Foods', 'Consumer', 39, 0.6, 0.7, 0.16, 0.04, 1_600_000),
  profile('LUXE', 'Luxe Brands', 'Consumer', 154, 1.1, 1.0, 0.27, 0.08, 900_000),
  profile('TRNS', 'Transit Rail', 'Industrials', 112, 1.0, 0.9, 0.19, 0.06, 1_300_000),
  profile('AERO', 'Aerodyne Systems', 'Industrials', 204, 1.15, 1.1, 0.24, 0.07, 800_000),
  profile('BLDR', 'Builder Machines', 'Industrials', 77, 1.05, 1.0, 0.22, 0.05, 1_500_000),
  profile('GRID', 'Gridline Power', 'Utilities', 52, 0.45, 0.8, 0.13, 0.03, 2_000_000),
  profile('AQUA', 'Aqua Utilities', 'Utilities', 36, 0.4, 0.7, 0.12, 0.03, 1_400_000),
  profile('VOLT', 'Volt Distribution', 'Utilities', 61, 0.55, 0.9, 0.15, 0.04, 1_000_000),
  profile('ORES', 'Orestone Mining', 'Materials', 24, 1.2, 1.4, 0.38, 0.04, 4_700_000),
  profile('CHEM', 'Chemworks', 'Materials', 69, 1.0, 1.0, 0.21, 0.05, 1_200_000),
  profile('STEL', 'Steelbridge', 'Materials', 45, 1.25, 1.2, 0.29, 0.04, 2_500_000),
]);

function profile(
  symbol: string,
  name: string,
  sector: DemoSector,
  startPrice: number,
  beta: number,
  sectorLoading: number,
  idiosyncraticVol: number,
  drift: number,
  averageDailyVolume: number,
): DemoProfile {
  return Object.freeze({ symbol, name, sector, startPrice, beta, sectorLoading, idiosyncraticVol, drift, averageDailyVolume });
}

/** The Instrument record of a demo profile: a US-style equity on the SIM venue, cent ticks. */
export function demoInstrument(demo: DemoProfile): Readonly<Instrument> {
  return defineInstrument({
    id: instrumentId(demo.symbol, DEMO_VENUE),
    symbol: demo.symbol,
    venue: DEMO_VENUE,
    assetClass: 'equity',
    currency: 'USD',
    tickSize: 0.01,
    lotSize: 1,
    multiplier: 1,
    pricePrecision: 2,
    name: demo.name,
    sector: demo.sector,
  });
}

export function demoInstruments(): Readonly<Instrument>[] {
  return DEMO_PROFILES.map(demoInstrument);
}
