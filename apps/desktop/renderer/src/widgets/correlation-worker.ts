// Web worker: the correlation matrix of the returns it is sent, off the main thread so a large
// universe cannot stall live quotes and charts. Message in: Array<Map<ts, return>>; out: the matrix.
import { correlationMatrix } from './d3-math.js';

const scope = self as unknown as { onmessage: ((event: MessageEvent<Array<Map<number, number>>>) => void) | null; postMessage(message: unknown): void };

scope.onmessage = (event) => scope.postMessage(correlationMatrix(event.data));
