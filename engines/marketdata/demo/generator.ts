import { ErrorCode, NwsError, type Instrument } from '@nws/core';
import { TimeZoneConverter } from '../import/time-zone.js';
import { SeededRandom } from './random.js';
import { DEMO_PROFILES, DEMO_SECTORS, demoInstrument, type DemoProfile } from './universe.js';

/**
 * The demo market: a seeded, correlated universe of daily and one-minute bars. Returns follow a
 * factor model (market + sector + own), the market switches between a calm and a turbulent
 * regime (volatility clusters), shocks are Student-t with 4 degrees of freedom (fat tails), and
 * one-minute bars follow the intraday U shape in volatility and volume. The daily bars of the
 * minute days are the aggregate of their minute bars, so resampling reproduces them exactly.
 */
export interface DemoMarketOptions {
  /** Same seed, same end date: same market, bit for bit. */
  seed?: string;
  /** Last session of the history, `YYYY-MM-DD`; defaults to the last weekday before today (UTC). */
  endDate?: string;
  /** Trading days of daily history (5 years of 252 sessions by default). */
  dailySessions?: number;
  /** Trailing sessions that also get one-minute bars. */
  minuteSessions?: number;
  profiles?: readonly DemoProfile[];
}

/** Bars of one kind for one instrument, timestamps in epoch ms (bar open times). */
export interface DemoBarSeries {
  tsMs: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

export interface DemoInstrumentHistory {
  instrument: Readonly<Instrument>;
  profile: DemoProfile;
  daily: DemoBarSeries;
  minute: DemoBarSeries;
}

export interface DemoMarket {
  seed: string;
  /** Session dates, `YYYY-MM-DD`, oldest first. */
  sessions: string[];
  histories: DemoInstrumentHistory[];
}

export const DEMO_SEED = 'nautilus-demo-market-v1';
/** US equity hours: 09:30 to 16:00 New York time, 390 one-minute bars. */
export const DEMO_SESSION = Object.freeze({ timeZone: 'America/New_York', openMinute: 9 * 60 + 30, minutes: 390 });

const MS_PER_DAY = 86_400_000;
const MS_PER_MINUTE = 60_000;
const SESSIONS_PER_YEAR = 252;
const TAIL_DEGREES = 4;

/** Market regimes: daily volatility and the chance per day of switching to the other one. */
const REGIMES = [
  { name: 'calm', marketVol: 0.008, idiosyncraticScale: 0.9, volumeScale: 0.9, switchChance: 0.02 },
  { name: 'turbulent', marketVol: 0.021, idiosyncraticScale: 1.6, volumeScale: 1.5, switchChance: 0.07 },
] as const;
const SECTOR_DAILY_VOL = 0.006;
const MARKET_DAILY_DRIFT = 0.0002;
/** Share of a day's move that happens overnight, between the previous close and the open. */
const OVERNIGHT_SHARE = 0.2;

export function generateDemoMarket(options: DemoMarketOptions = {}): DemoMarket {
  const seed = options.seed ?? DEMO_SEED;
  const profiles = options.profiles ?? DEMO_PROFILES;
  const dailySessions = options.dailySessions ?? 5 * SESSIONS_PER_YEAR;
  const minuteSessions = Math.min(options.minuteSessions ?? 60, dailySessions);
  const days = sessionDays(options.endDate ?? defaultEndDate(), dailySessions);
  const random = new SeededRandom(seed);
  const shocks = dailyShocks(random, days.length, days.length - minuteSessions, profiles);
  const zone = new TimeZoneConverter(DEMO_SESSION.timeZone);
  const histories = profiles.map((profile, index) =>
    instrumentHistory(profile, shocks, index, days, days.length - minuteSessions, random, zone),
  );
  return { seed, sessions: days.map(isoDate), histories };
}

/** Per day: the regime and the day's return of each instrument (log), in profile order. */
interface DailyShocks {
  regime: Uint8Array;
  returns: Float64Array[];
  /** Total daily volatility of each instrument on each day (for ranges and minute paths). */
  vols: Float64Array[];
  /** Share of each instrument's daily variance that is the market's (for minute correlation). */
  marketShare: Float64Array[];
  /** Standard market shocks of each minute of the minute sessions, shared by all instruments. */
  minuteMarket: Float64Array;
}

function dailyShocks(random: SeededRandom, dayCount: number, firstMinuteDay: number, profiles: readonly DemoProfile[]): DailyShocks {
  const regime = new Uint8Array(dayCount);
  const returns = profiles.map(() => new Float64Array(dayCount));
  const vols = profiles.map(() => new Float64Array(dayCount));
  const marketShare = profiles.map(() => new Float64Array(dayCount));
  let state = 0;
  for (let day = 0; day < dayCount; day++) {
    if (random.next() < REGIMES[state]!.switchChance) state = 1 - state;
    regime[day] = state;
    const settings = REGIMES[state]!;
    const market = MARKET_DAILY_DRIFT + settings.marketVol * random.studentT(TAIL_DEGREES);
    const sectorShocks = DEMO_SECTORS.map(() => SECTOR_DAILY_VOL * settings.idiosyncraticScale * random.studentT(TAIL_DEGREES));
    profiles.forEach((profile, index) => {
      const ownVol = (profile.idiosyncraticVol / Math.sqrt(SESSIONS_PER_YEAR)) * settings.idiosyncraticScale;
      const sector = sectorShocks[DEMO_SECTORS.indexOf(profile.sector)]!;
      returns[index]![day] =
        profile.drift / SESSIONS_PER_YEAR - MARKET_DAILY_DRIFT * profile.beta +
        profile.beta * market + profile.sectorLoading * sector + ownVol * random.studentT(TAIL_DEGREES);
      const vol = Math.hypot(profile.beta * settings.marketVol, profile.sectorLoading * SECTOR_DAILY_VOL, ownVol);
      vols[index]![day] = vol;
      marketShare[index]![day] = (profile.beta * settings.marketVol) / vol;
    });
  }
  const minuteMarket = new Float64Array((dayCount - firstMinuteDay) * DEMO_SESSION.minutes);
  for (let minute = 0; minute < minuteMarket.length; minute++) minuteMarket[minute] = random.studentT(TAIL_DEGREES);
  return { regime, returns, vols, marketShare, minuteMarket };
}

function instrumentHistory(
  profile: DemoProfile,
  shocks: DailyShocks,
  index: number,
  days: number[],
  firstMinuteDay: number,
  random: SeededRandom,
  zone: TimeZoneConverter,
): DemoInstrumentHistory {
  const daily = emptySeries(days.length);
  const minuteDays = days.length - firstMinuteDay;
  const minute = emptySeries(minuteDays * DEMO_SESSION.minutes);
  let previousClose = profile.startPrice;
  for (let day = 0; day < days.length; day++) {
    const totalReturn = shocks.returns[index]![day]!;
    const vol = shocks.vols[index]![day]!;
    const overnight = OVERNIGHT_SHARE * totalReturn + 0.1 * vol * random.normal();
    const open = roundCents(previousClose * Math.exp(overnight));
    const close = Math.max(0.01, roundCents(previousClose * Math.exp(totalReturn)));
    const volumeScale = REGIMES[shocks.regime[day]!]!.volumeScale * (1 + Math.abs(totalReturn) / vol / 2);
    const dayVolume = Math.round(profile.averageDailyVolume * volumeScale * Math.exp(0.25 * random.normal()));
    daily.tsMs[day] = days[day]! * MS_PER_DAY;
    if (day >= firstMinuteDay) {
      const offset = (day - firstMinuteDay) * DEMO_SESSION.minutes;
      const sessionOpenMs = zone.localToUtcMs(days[day]! * MS_PER_DAY + DEMO_SESSION.openMinute * MS_PER_MINUTE);
      const market = { shocks: shocks.minuteMarket.subarray(offset, offset + DEMO_SESSION.minutes), share: shocks.marketShare[index]![day]! };
      writeMinutePath(minute, offset, { open, close, vol, dayVolume, sessionOpenMs }, market, random);
      aggregateInto(daily, day, minute, offset, DEMO_SESSION.minutes);
    } else {
      writeDailyBar(daily, day, { open, close, vol, dayVolume }, random);
    }
    previousClose = daily.close[day]!;
  }
  return { instrument: demoInstrument(profile), profile, daily, minute };
}

interface DayPlan {
  open: number;
  close: number;
  vol: number;
  dayVolume: number;
}

function writeDailyBar(series: DemoBarSeries, day: number, plan: DayPlan, random: SeededRandom): void {
  const reach = 0.45 * plan.vol;
  series.open[day] = plan.open;
  series.close[day] = plan.close;
  series.high[day] = roundCents(Math.max(plan.open, plan.close) * Math.exp(reach * Math.abs(random.normal())));
  series.low[day] = Math.max(0.01, roundCents(Math.min(plan.open, plan.close) * Math.exp(-reach * Math.abs(random.normal()))));
  series.volume[day] = plan.dayVolume;
}

/** Weight of minute k in a session's variance and volume: high at the open, a dip at lunch, up into the close. */
function intradayWeight(minute: number, minutes: number): number {
  const position = (minute + 0.5) / minutes - 0.5;
  return 0.55 + 5 * position * position + (minute < 15 ? 0.8 : 0) + (minute >= minutes - 10 ? 0.5 : 0);
}

const sessionWeights = Array.from({ length: DEMO_SESSION.minutes }, (_, minute) => intradayWeight(minute, DEMO_SESSION.minutes));
const sessionWeightTotal = sessionWeights.reduce((sum, weight) => sum + weight, 0);

/**
 * Minute bars from the day's open to its close: fat-tailed steps (part shared market move, part
 * own) scaled by the U-shaped weights, then bridged (the shortfall spread by weight) so the last
 * close is the day's close.
 */
function writeMinutePath(
  series: DemoBarSeries,
  offset: number,
  plan: DayPlan & { sessionOpenMs: number },
  market: { shocks: Float64Array; share: number },
  random: SeededRandom,
): void {
  const minutes = DEMO_SESSION.minutes;
  const steps = new Float64Array(minutes);
  const ownShare = Math.sqrt(Math.max(0, 1 - market.share * market.share));
  let sum = 0;
  for (let minute = 0; minute < minutes; minute++) {
    const shock = market.share * market.shocks[minute]! + ownShare * random.studentT(TAIL_DEGREES);
    steps[minute] = plan.vol * Math.sqrt(sessionWeights[minute]! / sessionWeightTotal) * shock;
    sum += steps[minute]!;
  }
  const shortfall = Math.log(plan.close / plan.open) - sum;
  let logPrice = Math.log(plan.open);
  let previous = plan.open;
  for (let minute = 0; minute < minutes; minute++) {
    const weight = sessionWeights[minute]! / sessionWeightTotal;
    logPrice += steps[minute]! + shortfall * weight;
    const at = offset + minute;
    const close = minute === minutes - 1 ? plan.close : Math.max(0.01, roundCents(Math.exp(logPrice)));
    const reach = 0.5 * plan.vol * Math.sqrt(weight);
    series.tsMs[at] = plan.sessionOpenMs + minute * MS_PER_MINUTE;
    series.open[at] = previous;
    series.close[at] = close;
    series.high[at] = roundCents(Math.max(previous, close) * Math.exp(reach * Math.abs(random.normal())));
    series.low[at] = Math.max(0.01, roundCents(Math.min(previous, close) * Math.exp(-reach * Math.abs(random.normal()))));
    series.volume[at] = Math.round(plan.dayVolume * (sessionWeights[minute]! / sessionWeightTotal) * Math.exp(0.35 * random.normal()));
    previous = close;
  }
}

function aggregateInto(target: DemoBarSeries, at: number, source: DemoBarSeries, from: number, count: number): void {
  let high = -Infinity;
  let low = Infinity;
  let volume = 0;
  for (let index = from; index < from + count; index++) {
    high = Math.max(high, source.high[index]!);
    low = Math.min(low, source.low[index]!);
    volume += source.volume[index]!;
  }
  target.open[at] = source.open[from]!;
  target.close[at] = source.close[from + count - 1]!;
  target.high[at] = high;
  target.low[at] = low;
  target.volume[at] = volume;
}

function emptySeries(length: number): DemoBarSeries {
  return {
    tsMs: new Float64Array(length),
    open: new Float64Array(length),
    high: new Float64Array(length),
    low: new Float64Array(length),
    close: new Float64Array(length),
    volume: new Float64Array(length),
  };
}

function roundCents(value: number): number {
  return Math.round(value * 100) / 100;
}

/** The last `count` weekdays up to and including `endDate`, as day numbers since the epoch. */
export function sessionDays(endDate: string, count: number): number[] {
  const endMs = Date.parse(`${endDate}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(endDate) || Number.isNaN(endMs)) {
    throw new NwsError(ErrorCode.InvalidArgument, `demo market end date "${endDate}" is not a date YYYY-MM-DD`);
  }
  const days: number[] = [];
  for (let day = endMs / MS_PER_DAY; days.length < count; day--) {
    const weekday = new Date(day * MS_PER_DAY).getUTCDay();
    if (weekday !== 0 && weekday !== 6) days.push(day);
  }
  return days.reverse();
}

function defaultEndDate(): string {
  return isoDate(Math.floor(Date.now() / MS_PER_DAY) - 1);
}

function isoDate(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}
