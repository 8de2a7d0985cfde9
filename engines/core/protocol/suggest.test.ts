import { describe, expect, it } from 'vitest';
import { closeNames, editDistance } from './suggest.js';

describe('closeNames', () => {
  const known = ['system.health', 'system.ping', 'system.echo', 'bars.query', 'orders.submit', 'subscribe'];

  it('measures edits between names', () => {
    expect(editDistance('system.helth', 'system.health')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('ping', 'ping')).toBe(0);
  });

  it('suggests the nearest names for a typo, best first', () => {
    expect(closeNames('system.helth', known)[0]).toBe('system.health');
    expect(closeNames('subscribed', known)).toEqual(['subscribe']);
    expect(closeNames('Orders.Submit', known)).toEqual(['orders.submit']);
  });

  it('lists the namespace when the verb is unknown, and nothing for a stranger', () => {
    expect(closeNames('system.reboot', known)).toEqual(expect.arrayContaining(['system.echo', 'system.health', 'system.ping']));
    expect(closeNames('completely.different', known)).toEqual([]);
  });
});
