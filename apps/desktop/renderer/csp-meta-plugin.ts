// Build-time Vite plugin: writes the renderer's CSP into index.html as a <meta>, ahead of every
// script and stylesheet. Only for builds: the dev server injects inline scripts it would block.
import type { Plugin } from 'vite';
import { RENDERER_CONTENT_SECURITY_POLICY } from '../common/content-security-policy.js';

export function contentSecurityPolicyMeta(policy: string = RENDERER_CONTENT_SECURITY_POLICY): Plugin {
  return {
    name: 'nws-content-security-policy',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: policy }, injectTo: 'head-prepend' }],
  };
}
