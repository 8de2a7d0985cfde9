// Worker threads cannot load .ts by themselves: register tsx, then load the real parse thread.
import { register } from 'tsx/esm/api';

register();
await import('./parse-worker.ts');
