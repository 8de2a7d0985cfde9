// Piscina's worker file. Worker threads cannot load TypeScript by themselves, so register tsx's
// loader first, then hand each task to the TypeScript runner.
import { register } from 'tsx/esm/api';

register();
const runner = import('./task-runner.ts');

export default async function runTask(request) {
  return (await runner).runTask(request);
}
