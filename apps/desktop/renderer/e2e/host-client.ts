// Test helper: a protocol client from the test process to the `nws serve` under test (WebSocket
// with its token), for setting the scene a UI test then looks at (orders, positions).
import WebSocket from 'ws';
import { ProtocolClient, connectWebSocket } from '@nws/core';
import type { ServeProcess } from './serve-process.js';

export async function connectTestClient(serve: ServeProcess): Promise<ProtocolClient> {
  const connection = await connectWebSocket({ url: `ws://127.0.0.1:${serve.port}/ws`, token: serve.token, WebSocket: WebSocket as never });
  return new ProtocolClient(connection);
}

/**
 * Buys `quantity` at market on the paper account, retrying while the demo market has not quoted
 * the instrument yet, then waits for the position to show it.
 */
export async function buyAtMarket(client: ProtocolClient, instrumentId: string, quantity: number): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      await client.call('orders.submit', { instrumentId, type: 'MARKET', side: 'BUY', quantity });
      break;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }
  while (Date.now() < deadline) {
    const { positions } = await client.call('positions.list');
    if (positions.some((position) => position.instrumentId === instrumentId && position.netQty > 0)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no filled position in ${instrumentId} within 15 s`);
}
