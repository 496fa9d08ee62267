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
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
          { key: 'X-Frame-Options', value: 'DENY' },
        ],
      },
    ];
  },
};

export default withNextIntl(nextConfig);
