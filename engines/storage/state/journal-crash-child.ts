// Child process for journal-crash.test.ts: journals one order, says so on stdout, then waits to
// be killed with SIGKILL (no exit handlers, no close, no checkpoint).
import { testkit } from '@nws/core';
import { StateStore } from './state-store.js';

const [file, clientOrderId] = process.argv.slice(2);
if (file === undefined || clientOrderId === undefined) throw new Error('usage: journal-crash-child.ts <state file> <client order id>');

const store = StateStore.open(file);
const order = testkit.orders.inStatus(testkit.orders.limit({ clientOrderId }), 'SUBMITTED');
store.journalOrder({ clientOrderId, sequence: 1, kind: 'OrderSubmitted', ts: order.tsLast, order });
process.stdout.write(`journaled ${clientOrderId}\n`);
setInterval(() => undefined, 60_000);
