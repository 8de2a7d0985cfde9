// Connects the dashboard store to the Host: loads saved layouts once, then saves every change.
import type { HostClient } from '../connection/host-client.js';
import { ACTIVE_LAYOUT_STORAGE_KEY, setLayoutSaver, useDashboardStore } from './dashboard-store.js';

export async function syncLayoutsWithHost(client: HostClient): Promise<void> {
  const { layouts } = await client.call('layouts.list');
  setLayoutSaver({
    save: async (layout) => void (await client.call('layouts.save', { name: layout.name, layout })),
    remove: async (name) => void (await client.call('layouts.delete', { name })),
  });
  useDashboardStore.getState().load(layouts, localStorage.getItem(ACTIVE_LAYOUT_STORAGE_KEY));
}
