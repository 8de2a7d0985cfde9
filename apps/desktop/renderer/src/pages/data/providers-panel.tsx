// Providers: switch each on or off, set its base URL, store or clear its API key. The Host never
// sends a key back; the field only says whether one is stored.
import { useCallback, useEffect, useState } from 'react';
import type { MethodResult } from '@nws/core';
import { currentHostClient } from '../../health/health-store.js';

type Provider = MethodResult<'providers.list'>['providers'][number];

export function ProvidersPanel() {
  const [providers, setProviders] = useState<Provider[]>([]);
  const [problem, setProblem] = useState<string | null>(null);

  const load = useCallback((health: boolean) => {
    currentHostClient()
      ?.call('providers.list', { health })
      .then((result) => setProviders(result.providers))
      .catch((error: unknown) => setProblem((error as Error).message));
  }, []);
  useEffect(() => load(false), [load]);

  async function configure(params: { provider: Provider['id']; enabled?: boolean; apiKey?: string | null; baseUrl?: string }): Promise<void> {
    try {
      setProblem(null);
      const updated = await currentHostClient()!.call('providers.configure', params);
      setProviders((current) => current.map((provider) => (provider.id === updated.id ? updated : provider)));
    } catch (error) {
      setProblem((error as Error).message);
    }
  }

  return (
    <div className="card flush">
      <div className="card-header">
        <h2>Providers</h2>
        <button type="button" className="button" onClick={() => load(true)}>
          Check health
        </button>
      </div>
      {problem ? <div className="banner banner-error">{problem}</div> : null}
      <table className="grid-table" data-testid="provider-table">
        <thead>
          <tr>
            <th>Provider</th>
            <th>Enabled</th>
            <th>API key</th>
            <th>Base URL</th>
            <th>Health</th>
          </tr>
        </thead>
        <tbody>
          {providers.map((provider) => (
            <tr key={provider.id} data-provider={provider.id}>
              <td>{provider.name}</td>
              <td>
                <input type="checkbox" aria-label={`Enable ${provider.name}`} checked={provider.enabled} style={{ height: 'auto' }} onChange={(event) => void configure({ provider: provider.id, enabled: event.target.checked })} />
              </td>
              <td>{provider.takesKey ? <KeyField provider={provider} onSave={(apiKey) => configure({ provider: provider.id, apiKey })} /> : <span className="muted">none needed</span>}</td>
              <td>
                {provider.baseUrl === undefined ? (
                  <span className="muted">—</span>
                ) : (
                  <input
                    aria-label={`${provider.name} base URL`}
                    defaultValue={provider.baseUrl}
                    key={provider.baseUrl}
                    onBlur={(event) => event.target.value !== provider.baseUrl && void configure({ provider: provider.id, baseUrl: event.target.value })}
                  />
                )}
              </td>
              <td className={healthTone(provider)}>{provider.health ? `${provider.health.status}${provider.health.message ? `: ${provider.health.message}` : ''}` : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function KeyField({ provider, onSave }: { provider: Provider; onSave: (apiKey: string | null) => Promise<void> }) {
  const [draft, setDraft] = useState('');
  return (
    <span className="toolbar-field">
      <input type="password" autoComplete="off" aria-label={`${provider.name} API key`} placeholder={provider.keyPresent ? 'stored' : 'not set'} value={draft} onChange={(event) => setDraft(event.target.value)} />
      <button
        type="button"
        className="button"
        disabled={draft.trim() === ''}
        onClick={() => {
          void onSave(draft.trim());
          setDraft('');
        }}
      >
        Save
      </button>
      {provider.keyPresent ? (
        <button type="button" className="button" onClick={() => void onSave(null)}>
          Clear
        </button>
      ) : null}
    </span>
  );
}

function healthTone(provider: Provider): string {
  switch (provider.health?.status) {
    case 'up':
      return 'tone-good';
    case 'degraded':
    case 'unconfigured':
      return 'tone-warn';
    case 'down':
      return 'tone-bad';
    default:
      return 'muted';
  }
}
