import { useEffect } from 'react';
import { currentHostClient, useHealthStore } from '../health/health-store.js';
import { KillSwitchControl } from '../widgets/account-widget.js';
import { useAccountStore } from './account-store.js';
import { startTradingFeed } from './trading-feed.js';

/**
 * The top bar's trading corner: starts the trading feed once the Host is connected (the bar is
 * always mounted, so every page and widget finds the stores filled) and shows the kill switch.
 */
export function TopBarTrading() {
  const phase = useHealthStore((state) => state.phase);
  const kill = useAccountStore((state) => state.kill);
  useEffect(() => {
    const client = currentHostClient();
    if (phase === 'connected' && client !== null) void startTradingFeed(client);
  }, [phase]);
  return (
    <span className="top-bar-trading">
      {kill?.engaged ? (
        <span className="badge tone-bad" data-testid="topbar-blocked" title={kill.reason ?? ''}>
          <span className="dot" />
          Trading blocked
        </span>
      ) : null}
      <KillSwitchControl compact />
    </span>
  );
}
