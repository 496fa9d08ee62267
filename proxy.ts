import createMiddleware from 'next-intl/middleware';
import { routing } from './lib/i18n/routing';

// Locale negotiation only. Authorization never happens here (see lib/authz):
// server actions and route handlers check the session themselves.
export default createMiddleware(routing);

export const config = {
  // Skip API routes (auth, uploads, downloads must never be buffered by the proxy),
  // Next internals and files with an extension.
  matcher: '/((?!api|_next|_vercel|.*\\..*).*)',
};
