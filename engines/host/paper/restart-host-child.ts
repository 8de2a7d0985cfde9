// Test fixture: a Host on the data directory given as argument, with one-second live bars so a
// child-process test sees live strategy runs trade within seconds. Prints the URL line as
// `nws serve` does; SIGTERM stops it cleanly, SIGKILL is what the restart tests send.
import { Workstation } from '../workstation.js';

const home = process.argv[2];
if (home === undefined) throw new Error('usage: restart-host-child.ts DATA_DIR');
const workstation = await Workstation.start({ home, server: { port: 0 }, market: { liveBars: '1s' }, workers: { maxThreads: 1 } });
process.stdout.write(`${workstation.url}\n`);
process.once('SIGTERM', () => void workstation.stop().then(() => process.exit(0)));
