import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../errors.js';
import type { TimeEvent } from './clock.js';
import { WallClock } from './wall-clock.js';

const clocks: WallClock[] = [];
function newClock(): WallClock {
  const clock = new WallClock();
  clocks.push(clock);
  return clock;
}
afterEach(() => {
  for (const clock of clocks.splice(0)) clock.dispose();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('WallClock', () => {
  it('reads real time', () => {
    const before = Date.now();
    const now = newClock().now();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it('fires a one-off timer no earlier than its time, with the due time in the event', async () => {
    const clock = newClock();
    const at = clock.now() + 30;
    const fired = new Promise<[TimeEvent, number]>((resolve) => clock.setTimer('once', at, (event) => resolve([event, clock.now()])));
    expect(clock.timerNames()).toEqual(['once']);
    const [event, firedAt] = await fired;
    expect(event).toEqual({ name: 'once', ts: at });
    expect(firedAt).toBeGreaterThanOrEqual(at);
    expect(clock.timerNames()).toEqual([]);
  });

  it('fires a past time straight away', async () => {
    const clock = newClock();
    const at = clock.now() - 1_000;
    const event = await new Promise<TimeEvent>((resolve) => clock.setTimer('late', at, resolve));
    expect(event.ts).toBe(at);
  });

  it('fires an interval on its grid (due times in the events) until cancelled', async () => {
    const clock = newClock();
    const start = clock.now() + 20;
    const events: number[] = [];
    await new Promise<void>((resolve) =>
      clock.setInterval(
        'tick',
        20,
        (event) => {
          events.push(event.ts);
          if (events.length === 3) {
            expect(clock.cancelTimer('tick')).toBe(true);
            resolve();
          }
        },
        start,
      ),
    );
    // On a loaded machine a firing may be skipped (no catch-up bursts), but every one is on the grid.
    expect(events[0]).toBe(start);
    for (let index = 1; index < events.length; index++) {
      expect(events[index]!).toBeGreaterThan(events[index - 1]!);
      expect((events[index]! - start) % 20).toBe(0);
    }
    await sleep(50);
    expect(events).toHaveLength(3);
  });

  it('does not fire a cancelled timer or anything after dispose', async () => {
    const clock = newClock();
    const fired: string[] = [];
    clock.setTimer('cancelled', clock.now() + 10, (event) => fired.push(event.name));
    clock.setInterval('disposed', 10, (event) => fired.push(event.name));
    clock.cancelTimer('cancelled');
    clock.dispose();
    expect(clock.timerNames()).toEqual([]);
    await sleep(40);
    expect(fired).toEqual([]);
  });

  it('refuses the same bad input as the simulated clock', () => {
    const clock = newClock();
    clock.setTimer('x', clock.now() + 10_000, () => {});
    expect(() => clock.setTimer('x', clock.now() + 10_000, () => {})).toThrowError(expect.objectContaining({ code: ErrorCode.Conflict }));
    expect(() => clock.setInterval('y', -5, () => {})).toThrowError("timer 'y': interval -5 ms must be a positive number");
  });
});
