import type { WebFrameMain } from 'electron';
import { describe, expect, it } from 'vitest';
import { isTrustedSender } from './trusted-sender.js';

const frame = (url: string): WebFrameMain => ({ url, processId: 1, routingId: 1 });
const rendererUrl = 'file:///opt/nws/resources/app.asar/out/renderer/index.html';

describe('isTrustedSender', () => {
  it("accepts the window's main frame showing our renderer (any query or hash)", () => {
    const mainFrame = frame(`${rendererUrl}#/dashboards`);
    expect(isTrustedSender(mainFrame, { mainFrame, rendererUrl })).toBe(true);
  });

  it('refuses another frame, a missing frame, and our frame showing another page', () => {
    const mainFrame = frame(rendererUrl);
    expect(isTrustedSender(frame(rendererUrl), { mainFrame, rendererUrl })).toBe(false); // an iframe with the same URL
    expect(isTrustedSender(null, { mainFrame, rendererUrl })).toBe(false);
    const navigatedAway = frame('https://evil.example/index.html');
    expect(isTrustedSender(navigatedAway, { mainFrame: navigatedAway, rendererUrl })).toBe(false);
    const otherFile = frame('file:///tmp/index.html');
    expect(isTrustedSender(otherFile, { mainFrame: otherFile, rendererUrl })).toBe(false);
  });
});
