// The renderer's Content-Security-Policy inside the app bundle (a <meta> tag added at build time;
// browser mode also gets the Host's CSP header). Its own files only; `connect-src 'self'` lets
// browser mode reach the Host's /ws on the page's own origin.
export const RENDERER_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');
