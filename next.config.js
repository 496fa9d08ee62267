import createNextIntlPlugin from 'next-intl/plugin';

const withNextIntl = createNextIntlPlugin('./lib/i18n/request.ts');

// Pages get their Content-Security-Policy (with a nonce) from proxy.ts; these go on every answer.
// Keep in step with lib/security/headers.ts (this file cannot import TypeScript).
const PERMISSIONS_POLICY =
  'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), hid=(), midi=(), magnetometer=(), gyroscope=(), accelerometer=(), display-capture=(), browsing-topics=()';
const common = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'Permissions-Policy', value: PERMISSIONS_POLICY },
  // HTTPS only, for two years: not in `next dev`, which serves plain HTTP on localhost.
  ...(process.env.NODE_ENV === 'production' ? [{ key: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains' }] : []),
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite must not be bundled: after a Turbopack build its WASM fails to load.
  serverExternalPackages: ['@electric-sql/pglite', 'pg', 'bcryptjs', 'nodemailer'],
  // Next 16 dev logs server-action arguments, passwords included.
  logging: { serverFunctions: false },
  // forbidden() renders app/[locale]/forbidden.tsx with status 403.
  experimental: { authInterrupts: true },
  poweredByHeader: false,
  typedRoutes: false,
  async headers() {
    return [
      {
        // Every page: never framed by anyone.
        source: '/((?!api/documents/).*)',
        headers: [...common, { key: 'X-Frame-Options', value: 'DENY' }],
      },
      {
        // Route handlers answer JSON and files, never pages. No object-src/default-src here:
        // Chrome's PDF viewer counts as a plugin and would refuse an inline receipt or attachment.
        source: '/api/((?!documents/).*)',
        headers: [{ key: 'Content-Security-Policy', value: "frame-ancestors 'none'" }],
      },
      {
        // Documents: framed only by the portal's own reviewer workspace (inline PDF viewer).
        source: '/api/documents/:path*',
        headers: [
          ...common,
          { key: 'X-Frame-Options', value: 'SAMEORIGIN' },
          { key: 'Content-Security-Policy', value: "frame-ancestors 'self'" },
        ],
      },
    ];
  },
};

export default withNextIntl(nextConfig);
