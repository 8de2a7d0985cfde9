import { useHealthStore } from './health-store.js';

/** What to tell the user for the failures we can explain. */
function adviceFor(code: string): string {
  switch (code) {
    case 'UNAUTHORIZED':
      return 'The access token is missing or wrong. Open the exact link printed by `nws serve` (it ends with ?token=…).';
    case 'CONNECTION_CLOSED':
      return 'The Host closed the connection or is not running. Start it with `nws serve` and open the link it prints.';
    case 'TIMEOUT':
      return 'The Host did not answer in time. It may be overloaded; try again.';
    default:
      return 'Check that the Host is running, then retry.';
  }
}

export function ConnectionFailure() {
  const failure = useHealthStore((state) => state.failure);
  const connect = useHealthStore((state) => state.connect);
  if (failure === null) return null;
  return (
    <section className="card card-error" role="alert" data-testid="connection-failure">
      <h2>Cannot reach the Host</h2>
      <p className="error-message">
        <code>{failure.code}</code> {failure.message}
      </p>
      <p className="muted">{adviceFor(failure.code)}</p>
      <button type="button" className="button" onClick={() => void connect()}>
        Retry
      </button>
    </section>
  );
}
