// Worker threads cannot load .ts by themselves: register tsx, then load the real worker.
import { register } from 'tsx/esm/api';

register();
await import('./sweep-worker.ts');
