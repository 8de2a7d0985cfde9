import { basename } from 'node:path';
import { ErrorCode, instrumentId, instrumentIdProblem, NwsError, parseInstrumentId, type InstrumentId } from '@nws/core';

const knownExtensions = /(\.(csv|txt|tsv|dat|parquet|pq))?(\.(gz|gzip))?$/i;

/**
 * The instrument a file's bars belong to. `--symbol ORCL.XNYS` is taken as a full id (a symbol
 * holding dots needs its venue: `BRK.B.XNYS`); `--symbol ORCL` gets `venue`; without --symbol
 * the file name gives the symbol: its name before the first `-`, `_` or space, upper-cased
 * (`orcl-1995-2014.txt` gives `ORCL`).
 */
export function instrumentIdFor(file: string, symbol: string | undefined, venue: string): InstrumentId {
  if (symbol !== undefined) {
    if (symbol.includes('.') && instrumentIdProblem(symbol) === undefined) return parseInstrumentId(symbol);
    return checked(() => instrumentId(symbol, venue), `--symbol "${symbol}"`);
  }
  const stem = basename(file).replace(knownExtensions, '');
  const fromName = stem.split(/[-_ ]/)[0]!.toUpperCase();
  return checked(() => instrumentId(fromName, venue), `the file name "${basename(file)}" (give --symbol)`);
}

function checked(make: () => InstrumentId, what: string): InstrumentId {
  try {
    return make();
  } catch (error) {
    throw new NwsError(ErrorCode.InvalidArgument, `cannot name the instrument from ${what}: ${(error as Error).message}`);
  }
}
