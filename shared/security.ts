/**
 * The Content-Security-Policy every door serves the renderer with: the desktop app's app:// protocol
 * and browser mode's HTTP host. Only the app's own scripts run; nothing is framed, posted or loaded
 * from elsewhere.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
