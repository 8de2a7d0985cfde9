// Small waits and assertions shared by the Host's tests that drive real sockets and processes.
import { expect } from 'vitest';
import { NwsError } from '@nws/core';
import type { ProtocolClient, QuoteTick } from '@nws/core';

/** Polls `predicate` every 20 ms until it holds; throws after `timeoutMs`. */
export async function until(predicate: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const start = Date.now();
  while (!(await predicate())) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The NwsError `promise` rejects with; fails the test if it resolves or rejects with anything else. */
export async function rejection(promise: Promise<unknown>): Promise<NwsError> {
  const error = await promise.then(() => expect.fail('expected the call to fail'), (reason: unknown) => reason);
  expect(error).toBeInstanceOf(NwsError);
  return error as NwsError;
}

/** The next quote of any demo instrument the client receives (the first one after subscribing). */
export function firstQuote(client: ProtocolClient): Promise<QuoteTick> {
  return new Promise((resolve) => {
    const subscribed = client.subscribe('quotes.*.SIM', (event) => {
      void subscribed.then((dispose) => dispose());
      resolve(event.data as QuoteTick);
    });
  });
}
