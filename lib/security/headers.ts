/**
 * The Content-Security-Policy of every page, built per request around a fresh nonce (proxy.ts).
 * Route handlers under /api are not pages: their headers come from next.config.js.
 */

/** 16 random bytes, base64: unguessable, and within the characters Next accepts in a nonce. */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/**
 * Scripts run only with this response's nonce (Next puts it on its own scripts when it finds it
 * in the request's CSP header) or when loaded by such a script ('strict-dynamic'); no inline
 * script without it, no eval outside `next dev`.
 *
 * Styles keep 'unsafe-inline': server-rendered `style` attributes (the bar charts' widths) and
 * the positioning styles of Radix menus cannot carry a nonce. A style cannot run code.
 */
export function contentSecurityPolicy(nonce: string, options: { isDevelopment?: boolean } = {}): string {
  const scriptSources = ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"];
  // React's dev build reconstructs server stacks with eval; production never needs it.
  if (options.isDevelopment) scriptSources.push("'unsafe-eval'");
  return [
    "default-src 'self'",
    `script-src ${scriptSources.join(' ')}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    // Only the portal's own document stream is framed (the reviewer workspace's PDF viewer).
    "frame-src 'self'",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Browser features the portal never uses, switched off for it and anything it could embed. */
export const PERMISSIONS_POLICY =
  'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), hid=(), midi=(), magnetometer=(), gyroscope=(), accelerometer=(), display-capture=(), browsing-topics=()';

/** Two years, subdomains too (the hstspreload.org minimum is one year). Sent in production only. */
export const STRICT_TRANSPORT_SECURITY = 'max-age=63072000; includeSubDomains';
