import { liveEquity, useAccountStore } from '../trading/account-store.js';
import { ibAccountPhase, useIbkrAccountStore } from '../trading/ibkr-account-store.js';
import { AccountSourcePicker, IbStateNotice, SOURCE_BODY, SOURCE_LAYOUT, STALE_STYLE, useAccountSource, useIbStale, type AccountSourceProps } from './account-source.js';
import { formatMoney, formatSignedMoney, signClass } from './format-price.js';

/** The paper account, or the IB account when the widget's account source says so. */
export function AccountWidget(props: AccountSourceProps = {}) {
  const source = useAccountSource(props);
  return (
    <div style={SOURCE_LAYOUT}>
      <div style={{ padding: '4px 10px 0' }}>
        <AccountSourcePicker {...props} />
      </div>
      <div style={SOURCE_BODY}>{source === 'ibkr' ? <IbAccountValues /> : <PaperAccount />}</div>
    </div>
  );
}

/** Net liquidation, cash, buying power and IB's daily / unrealised / realised P&L (reqPnL), live. */
function IbAccountValues() {
  const account = useIbkrAccountStore((state) => state.account);
  const status = useIbkrAccountStore((state) => state.status);
  const stale = useIbStale();
  const phase = ibAccountPhase({ status, account });
  if (phase === 'not-configured' || account === null) {
    return phase === 'connected' ? <p className="widget-empty">Loading IB account…</p> : <IbStateNotice />;
  }
  const pnl = account.pnl;
  return (
    <div className="account" data-testid="ib-account" data-stale={stale}>
      <IbStateNotice />
      <div style={stale ? STALE_STYLE : undefined}>
        <div className="account-head">
          <span className="account-label">Net liquidation · IB {account.account}</span>
        </div>
        <div className="account-equity" data-field="net-liquidation">
          {formatMoney(account.netLiquidation)} <span className="muted account-ccy">{account.currency}</span>
        </div>
        <dl className="account-facts">
          <Fact label="Cash" value={formatMoney(account.cash)} field="cash" />
          <Fact label="Buying power" value={formatMoney(account.buyingPower)} field="buying-power" />
          <Fact label="Day P&L" value={pnl === undefined ? '—' : formatSignedMoney(pnl.daily)} tone={signClass(pnl?.daily)} field="daily-pnl" />
          <Fact label="Unrealised" value={formatSignedMoney(pnl?.unrealized ?? account.unrealizedPnl)} tone={signClass(pnl?.unrealized ?? account.unrealizedPnl)} field="unrealised-pnl" />
          <Fact label="Realised" value={formatSignedMoney(pnl?.realized ?? account.realizedPnl)} tone={signClass(pnl?.realized ?? account.realizedPnl)} field="realised-pnl" />
        </dl>
      </div>
    </div>
  );
}

/** Equity, cash, day and total P&L, the trading state and the kill switch, for the paper account. */
function PaperAccount() {
  const account = useAccountStore((state) => state.account);
  const pnl = useAccountStore((state) => state.pnl);
  const baseEquity = useAccountStore((state) => state.baseEquity);
  const kill = useAccountStore((state) => state.kill);
  const problem = useAccountStore((state) => state.problem);
  if (account === null) return <p className="widget-empty">{problem ?? 'Loading account…'}</p>;
  const equity = liveEquity({ account, pnl, baseEquity });
  const realised = pnl?.realized ?? account.realizedPnl;
  const unrealised = pnl?.unrealized ?? account.unrealizedPnl;
  const state = kill?.engaged ? 'BLOCKED' : account.tradingState;
  return (
    <div className="account" data-testid="account">
      <div className="account-head">
        <span className="account-label">Equity · {account.account.id}</span>
        <span className={`badge tone-${kill?.engaged ? 'bad' : account.tradingState === 'ACTIVE' ? 'good' : 'warn'}`} data-testid="trading-state">
          <span className="dot" />
          {state === 'BLOCKED' ? 'Trading blocked' : state === 'ACTIVE' ? 'Trading active' : `Trading ${state.toLowerCase()}`}
        </span>
      </div>
      <div className="account-equity" data-field="equity">
        {formatMoney(equity)} <span className="muted account-ccy">{account.account.baseCurrency}</span>
      </div>
      <dl className="account-facts">
        <Fact label="Cash" value={formatMoney(account.cash)} />
        <Fact label="Day P&L" value={pnl === null ? '—' : formatSignedMoney(pnl.day)} tone={signClass(pnl?.day)} />
        <Fact label="Realised" value={formatSignedMoney(realised)} tone={signClass(realised)} />
        <Fact label="Unrealised" value={formatSignedMoney(unrealised)} tone={signClass(unrealised)} />
      </dl>
      <KillSwitchControl />
    </div>
  );
}

function Fact({ label, value, tone = '', field }: { label: string; value: string; tone?: string; field?: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd className={tone} data-field={field}>
        {value}
      </dd>
    </div>
  );
}

/** Engage (cancels every working order, blocks new ones) or re-arm. */
export function KillSwitchControl({ compact = false }: { compact?: boolean }) {
  const kill = useAccountStore((state) => state.kill);
  const busy = useAccountStore((state) => state.busy);
  const problem = useAccountStore((state) => state.problem);
  const { engageKill, rearm } = useAccountStore.getState();
  if (kill === null) return null;
  return (
    <div className={`kill-switch${compact ? ' compact' : ''}`}>
      {kill.engaged ? (
        <button type="button" className="button" data-testid={compact ? 'topbar-rearm' : 'rearm'} disabled={busy} onClick={() => void rearm()} title={kill.reason ? `Engaged: ${kill.reason}` : 'Engaged'}>
          Re-arm trading
        </button>
      ) : (
        <button type="button" className="button kill" data-testid={compact ? 'topbar-kill' : 'kill'} disabled={busy} onClick={() => void engageKill('kill switch pressed in the app')} title="Cancel every working order and block new ones">
          Kill switch
        </button>
      )}
      {!compact && problem !== null ? <span className="tone-bad">{problem}</span> : null}
    </div>
  );
}
