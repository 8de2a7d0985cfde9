import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../errors.js';
import type { TimeEvent } from './clock.js';
import { SimulatedClock } from './simulated-clock.js';

/** Records (name, event ts, clock.now() inside the callback) for each firing. */
function recorder(clock: SimulatedClock) {
  const log: Array<[string, number, number]> = [];
  const callback = (event: TimeEvent) => log.push([event.name, event.ts, clock.now()]);
  return { log, callback };
}

describe('SimulatedClock', () => {
  it('fires due timers in time order, with now() at each timer time, and ends at the target', () => {
    const clock = new SimulatedClock(0);
    const { log, callback } = recorder(clock);
    clock.setTimer('A', 300, callback);
    clock.setTimer('B', 100, callback);
    clock.setTimer('C', 200, callback);
    clock.setTimer('D', 200, callback);
    clock.advanceTo(250);
    expect(log).toEqual([
      ['B', 100, 100],
      ['C', 200, 200],
      ['D', 200, 200],
    ]);
    expect(clock.now()).toBe(250);
    expect(clock.timerNames()).toEqual(['A']);
  });

  it('breaks ties by registration order, including re-armed intervals', () => {
    const clock = new SimulatedClock(0);
    const { log, callback } = recorder(clock);
    clock.setInterval('every-100', 100, callback);
    clock.setTimer('at-200', 200, callback);
    clock.setInterval('every-50', 50, callback);
    clock.advanceTo(200);
    expect(log.map(([name, ts]) => `${name}@${ts}`)).toEqual(['every-50@50', 'every-100@100', 'every-50@100', 'every-50@150', 'every-100@200', 'at-200@200', 'every-50@200']);
  });

  it('fires an interval from an explicit start, keeping its grid when the start is past', () => {
    const clock = new SimulatedClock(1_000);
    const { log, callback } = recorder(clock);
    clock.setInterval('future', 60, callback, 1_030);
    clock.setInterval('past', 100, callback, 250);
    clock.advanceTo(1_160);
    expect(log.map(([name, ts]) => `${name}@${ts}`)).toEqual(['future@1030', 'past@1050', 'future@1090', 'future@1150', 'past@1150']);
  });

  it('refuses to go backwards and changes nothing', () => {
    const clock = new SimulatedClock(500);
    clock.setTimer('later', 600, () => {});
    expect(() => clock.advanceTo(499)).toThrowError(expect.objectContaining({ code: ErrorCode.InvalidArgument }));
    expect(() => clock.advanceTo(499)).toThrowError('cannot move the clock backwards from 500 to 499');
    expect(clock.now()).toBe(500);
    expect(clock.timerNames()).toEqual(['later']);
    expect(() => clock.advanceTo(NaN)).toThrowError('not a finite epoch ms time');
  });

  it('runs timers that callbacks set within the window, and clamps past times to now', () => {
    const clock = new SimulatedClock(0);
    const { log, callback } = recorder(clock);
    clock.setTimer('first', 100, (event) => {
      callback(event);
      clock.setTimer('chained', 150, callback);
      clock.setTimer('overdue', 50, callback);
    });
    clock.advanceTo(200);
    expect(log).toEqual([
      ['first', 100, 100],
      ['overdue', 100, 100],
      ['chained', 150, 150],
    ]);
  });

  it('lets a callback cancel its own interval and other timers', () => {
    const clock = new SimulatedClock(0);
    const { log, callback } = recorder(clock);
    clock.setTimer('victim', 250, callback);
    clock.setInterval('tick', 100, (event) => {
      callback(event);
      if (event.ts === 200) {
        clock.cancelTimer('tick');
        clock.cancelTimer('victim');
      }
    });
    clock.advanceTo(1_000);
    expect(log.map(([name, ts]) => `${name}@${ts}`)).toEqual(['tick@100', 'tick@200']);
    expect(clock.timerNames()).toEqual([]);
  });

  it('cancels, reports the next due time and lets a name be reused after it fired', () => {
    const clock = new SimulatedClock(0);
    clock.setTimer('a', 10, () => {});
    clock.setTimer('b', 20, () => {});
    expect(clock.nextTimerAt()).toBe(10);
    expect(clock.cancelTimer('a')).toBe(true);
    expect(clock.cancelTimer('a')).toBe(false);
    expect(clock.nextTimerAt()).toBe(20);
    clock.advanceTo(20);
    expect(clock.nextTimerAt()).toBeUndefined();
    expect(() => clock.setTimer('b', 30, () => {})).not.toThrow();
  });

  it('refuses duplicate names, empty names and bad intervals', () => {
    const clock = new SimulatedClock(0);
    clock.setTimer('x', 10, () => {});
    expect(() => clock.setTimer('x', 20, () => {})).toThrowError(expect.objectContaining({ code: ErrorCode.Conflict }));
    expect(() => clock.setInterval('x', 20, () => {})).toThrowError("a timer named 'x' is already set");
    expect(() => clock.setTimer('', 20, () => {})).toThrowError('timer name must be a non-empty string');
    expect(() => clock.setInterval('y', 0, () => {})).toThrowError("timer 'y': interval 0 ms must be a positive number");
    expect(() => clock.setTimer('z', NaN, () => {})).toThrowError("timer 'z': time NaN is not a finite epoch ms time");
    expect(clock.timerNames()).toEqual(['x']);
  });

  it('stops at a throwing callback with time at that timer, the rest still pending', () => {
    const clock = new SimulatedClock(0);
    const { log, callback } = recorder(clock);
    clock.setTimer('boom', 100, () => {
      throw new Error('strategy bug');
    });
    clock.setTimer('after', 200, callback);
    expect(() => clock.advanceTo(300)).toThrowError('strategy bug');
    expect(clock.now()).toBe(100);
    clock.advanceTo(300);
    expect(log).toEqual([['after', 200, 200]]);
  });

  it('refuses advanceTo from inside a callback', () => {
    const clock = new SimulatedClock(0);
    let inner: unknown;
    clock.setTimer('reentrant', 10, () => {
      try {
        clock.advanceTo(20);
      } catch (error) {
        inner = error;
      }
    });
    clock.advanceTo(30);
    expect(inner).toMatchObject({ code: ErrorCode.InvalidArgument, message: 'advanceTo called from inside a timer callback' });
    expect(clock.now()).toBe(30);
  });
});
