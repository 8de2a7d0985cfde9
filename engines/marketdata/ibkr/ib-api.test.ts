import { describe, expect, it } from 'vitest';
import { EventName, loadIbApi } from './ib-api.js';

describe('the IB API library, loaded on first use', () => {
  it('names every @stoqey/ib event exactly as the library does', async () => {
    const ib = await loadIbApi();
    const names = Object.entries(ib.EventName);
    expect(names.length).toBeGreaterThan(80);
    for (const [member, value] of names) expect(EventName[member as keyof typeof EventName]).toBe(value);
  });

  it('loads the library once', async () => {
    expect(await loadIbApi()).toBe(await loadIbApi());
  });
});
