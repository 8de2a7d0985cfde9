import { describe, expect, it } from 'vitest';
import { FrameCoalescer } from './frame-coalescer.js';

describe('FrameCoalescer', () => {
  it('flushes once per frame with the latest value of each key', () => {
    const frames: Array<() => void> = [];
    const flushed: Array<Record<string, number>> = [];
    const coalescer = new FrameCoalescer<number>((latest) => flushed.push(Object.fromEntries(latest)), (callback) => void frames.push(callback));
    coalescer.push('NOVA.SIM', 1);
    coalescer.push('HBNK.SIM', 5);
    coalescer.push('NOVA.SIM', 2);
    expect(frames).toHaveLength(1); // one frame requested for three pushes
    frames.shift()!();
    expect(flushed).toEqual([{ 'NOVA.SIM': 2, 'HBNK.SIM': 5 }]);
    coalescer.push('NOVA.SIM', 3);
    expect(frames).toHaveLength(1);
    frames.shift()!();
    expect(flushed.at(-1)).toEqual({ 'NOVA.SIM': 3 });
  });
});
