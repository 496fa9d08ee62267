import createNextIntlPlugin from 'next-intl/plugin';

const withNextIntl = createNextIntlPlugin('./lib/i18n/request.ts');

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
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
          { key: 'X-Frame-Options', value: 'DENY' },
        ],
      },
      {
        // Documents: framed only by the portal's own reviewer workspace (inline PDF viewer).
        source: '/api/documents/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
          { key: 'X-Frame-Options', value: 'SAMEORIGIN' },
          { key: 'Content-Security-Policy', value: "frame-ancestors 'self'" },
        ],
      },
    ];
  },
};

export default withNextIntl(nextConfig);
