// The analytics engine's tear sheet, shown over the Lab. The page's Content-Security-Policy
// forbids inline <style> and frames, so the sheet's body goes into a shadow root and its CSS into
// a constructed stylesheet (allowed: it is script, not markup). "Save HTML" downloads the
// original self-contained file, which opens in any browser.
import { useEffect, useRef } from 'react';
import { useBacktestLabStore } from './backtest-lab-store.js';

export function TearSheetViewer() {
  const tearSheet = useBacktestLabStore((state) => state.tearSheet);
  const close = useBacktestLabStore((state) => state.closeTearSheet);
  const host = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = host.current;
    if (tearSheet === null || element === null) return;
    // Split the Host's own markup by text: parsing the whole document (DOMParser) would parse its
    // <style> too, which the policy reports as a violation even in an inert document.
    const css = [...tearSheet.html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((match) => match[1]).join('\n');
    const body = /<body>([\s\S]*)<\/body>/.exec(tearSheet.html)?.[1] ?? '';
    const root = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(`:host{display:block;background:#fff;color:#1d2330}\n${css.replace(/\bbody\s*\{/g, '.sheet{')}`);
    root.adoptedStyleSheets = [sheet];
    root.innerHTML = `<div class="sheet">${body}</div>`;
  }, [tearSheet]);

  useEffect(() => {
    if (tearSheet === null) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') close();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [tearSheet, close]);

  if (tearSheet === null) return null;
  const download = () => {
    const url = URL.createObjectURL(new Blob([tearSheet.html], { type: 'text/html' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `tear-sheet-${tearSheet.runId}.html`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  return (
    <div className="lab-overlay" role="dialog" aria-label="Tear sheet" data-testid="lab-tear-sheet">
      <div className="lab-overlay-panel">
        <div className="lab-overlay-bar">
          <h2>Tear sheet</h2>
          <div className="lab-overlay-actions">
            <button type="button" className="button" onClick={download}>
              Save HTML
            </button>
            <button type="button" className="button" onClick={close} aria-label="Close tear sheet">
              Close
            </button>
          </div>
        </div>
        <div className="lab-overlay-body">
          <div ref={host} data-testid="lab-tear-sheet-body" />
        </div>
      </div>
    </div>
  );
}
