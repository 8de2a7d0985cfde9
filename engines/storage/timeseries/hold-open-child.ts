// Child process for time-series-store.test.ts: opens the store, says so, and holds the file
// until killed, as a running Host would.
import { TimeSeriesStore } from './time-series-store.js';

const file = process.argv[2];
if (file === undefined) throw new Error('usage: hold-open-child.ts <duckdb file>');
await TimeSeriesStore.open(file);
process.stdout.write('open\n');
setInterval(() => undefined, 60_000);
