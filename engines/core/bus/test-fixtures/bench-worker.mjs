// Worker threads cannot load .ts on their own: register tsx, then load the real worker.
import { register } from 'tsx/esm/api';

register();
await import('./bench-worker.ts');
