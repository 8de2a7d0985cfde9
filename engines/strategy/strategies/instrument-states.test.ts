import { instrumentId } from '@nws/core';
import { describe, expect, it } from 'vitest';
import { InstrumentStates } from './instrument-states.js';

const A = instrumentId('AAA', 'SIM');
const B = instrumentId('BBB', 'SIM');
const C = instrumentId('CCC', 'SIM');

describe('InstrumentStates', () => {
  it('finds each state whatever order the instruments are asked for in', () => {
    const states = new InstrumentStates<string>();
    states.set(A, 'a');
    states.set(B, 'b');
    states.set(C, 'c');
    const asked = [A, B, C, A, B, C, C, C, B, A, A, C, B];
    expect(asked.map((id) => states.get(id))).toEqual(['a', 'b', 'c', 'a', 'b', 'c', 'c', 'c', 'b', 'a', 'a', 'c', 'b']);
  });

  it('answers undefined for an instrument it does not hold, and set replaces a state', () => {
    const states = new InstrumentStates<number>();
    expect(states.get(A)).toBeUndefined();
    states.set(A, 1);
    states.set(B, 2);
    expect(states.get(C)).toBeUndefined();
    states.set(A, 3);
    expect(states.get(A)).toBe(3);
    expect(states.get(B)).toBe(2);
  });
});
