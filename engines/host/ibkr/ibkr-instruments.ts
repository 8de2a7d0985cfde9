// Which IB contract an instrument id stands for. A contract given explicitly (through
// `ibkr.marketData.subscribe` with `contract`) wins; otherwise the id's venue says the kind:
// `EUR.USD.IDEALPRO` (or `EURUSD.IDEALPRO`) is forex, `ES.CME` a future's front month (another month
// needs an explicit contract with `expiry`), an OCC option symbol (`SPY991217C00500000.SMART`, the id
// IB's own option contracts resolve to) that option, anything else a SMART-routed stock.
import { ErrorCode, NwsError, type InstrumentId } from '@nws/core';
import type { IbkrContractSpec } from '@nws/marketdata';

/** Exchanges whose instrument ids are futures. */
const FUTURE_EXCHANGES = new Set(['CME', 'GLOBEX', 'CBOT', 'NYMEX', 'COMEX', 'ICE', 'ICEUS', 'EUREX', 'CFE']);
const FOREX_VENUE = 'IDEALPRO';

/** The contract an instrument id stands for when none was given explicitly. */
export function specForInstrument(instrumentId: InstrumentId): IbkrContractSpec {
  const dot = instrumentId.lastIndexOf('.');
  if (dot <= 0) throw new NwsError(ErrorCode.InvalidArgument, `instrument id ${JSON.stringify(instrumentId)} is not SYMBOL.VENUE`, { instrumentId });
  const symbol = instrumentId.slice(0, dot);
  const venue = instrumentId.slice(dot + 1).toUpperCase();
  if (venue === FOREX_VENUE) {
    const pair = /^([A-Z]{3})[./]?([A-Z]{3})$/.exec(symbol.toUpperCase());
    if (pair === null) throw new NwsError(ErrorCode.InvalidArgument, `forex instrument ${instrumentId} must be BASE.QUOTE.IDEALPRO (e.g. EUR.USD.IDEALPRO)`, { instrumentId });
    return { kind: 'forex', base: pair[1]!, quote: pair[2]! };
  }
  // The root alone means the front month; another month is given as an explicit contract.
  if (FUTURE_EXCHANGES.has(venue)) return { kind: 'future', symbol, exchange: venue };
  return optionFromOcc(symbol) ?? { kind: 'stock', symbol };
}

/** OCC option symbol: root (1–6 letters), yymmdd expiry, C or P, strike × 1000 in 8 digits. */
const OCC_OPTION = /^([A-Z]{1,6})(\d{2})(\d{2})(\d{2})([CP])(\d{8})$/;

function optionFromOcc(symbol: string): IbkrContractSpec | undefined {
  const match = OCC_OPTION.exec(symbol.toUpperCase());
  if (match === null) return undefined;
  const [, root, yy, mm, dd, right, strike] = match;
  // OCC years have two digits; listed options expire within a few years of now, so 20yy.
  return { kind: 'option', symbol: root!, expiry: `20${yy}${mm}${dd}`, strike: Number(strike) / 1000, right: right as 'C' | 'P' };
}

/** Explicit contracts per instrument id, then the inference above. */
export class IbkrInstrumentMap {
  private readonly explicit = new Map<InstrumentId, IbkrContractSpec>();

  set(instrumentId: InstrumentId, spec: IbkrContractSpec): void {
    this.explicit.set(instrumentId, spec);
  }

  specFor(instrumentId: InstrumentId): IbkrContractSpec {
    return this.explicit.get(instrumentId) ?? specForInstrument(instrumentId);
  }
}
