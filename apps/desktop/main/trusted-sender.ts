// Main accepts IPC only from the main frame of our own window showing our own renderer: not from
// an iframe, another window, or a page the window was somehow navigated to.
import type { WebFrameMain } from 'electron';

export interface TrustedRenderer {
  /** The window's main frame. */
  readonly mainFrame: WebFrameMain;
  /** URL of the renderer's index.html (file://...). */
  readonly rendererUrl: string;
}

export function isTrustedSender(senderFrame: WebFrameMain | null, trusted: TrustedRenderer): boolean {
  if (senderFrame === null || senderFrame !== trusted.mainFrame) return false;
  return stripFragmentAndQuery(senderFrame.url) === stripFragmentAndQuery(trusted.rendererUrl);
}

function stripFragmentAndQuery(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return '';
  }
}
