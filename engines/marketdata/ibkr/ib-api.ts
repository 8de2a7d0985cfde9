// @stoqey/ib (and the rxjs it brings) costs about 0.2 s of CPU to load. Only a user who connects
// to TWS / IB Gateway should pay that, so the library is imported on the first connection attempt
// rather than when the app starts; everything else reaches it through this file.
import type * as IbModule from '@stoqey/ib';
import type { EventName as IbEventName } from '@stoqey/ib';

/**
 * @stoqey/ib's `EventName` without importing the library: every member's value is its own name
 * (`EventName.nextValidId === 'nextValidId'`; a test checks this against the real enum).
 */
export const EventName = new Proxy({}, { get: (_target, name) => name }) as typeof IbEventName;

let loading: Promise<typeof IbModule> | undefined;

export function loadIbApi(): Promise<typeof IbModule> {
  loading ??= import('@stoqey/ib');
  return loading;
}
