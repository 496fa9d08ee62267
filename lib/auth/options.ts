import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { getDb } from '@/db/client';
import { authenticate } from '@/lib/accounts/mutations';
import { recordAudit } from '@/lib/audit/record';
import { isAppError } from '@/lib/errors';
import { appUrl, env } from '@/lib/env';
import { authSecret } from '@/lib/secrets';
import { clientIp } from './client-ip';
import { endSession, startSession } from './sessions';

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Session cookies are `Secure` over HTTPS and in production, with one exception: production over
 * plain http to this machine (the two-command demo at http://localhost:3000), where nothing crosses
 * a network and some browsers would drop a Secure cookie set over http.
 */
export function wantsSecureCookies(): boolean {
  const url = new URL(appUrl());
  if (url.protocol === 'https:') return true;
  return env().NODE_ENV === 'production' && !loopbackHosts.has(url.hostname);
}

/**
 * next-auth with email + password and JWT sessions. The token carries the user id, role and
 * session version; lib/auth/session.ts re-checks them against the database on every request,
 * so disabling a user or resetting a password ends old sessions at once.
 */
export function authOptions(): NextAuthOptions {
  const secure = wantsSecureCookies();
  return {
    secret: authSecret(),
    // The token may live at most 7 days; its session row (lib/auth/sessions.ts) decides the real lifetime.
    session: { strategy: 'jwt', maxAge: 7 * 24 * 3600 },
    useSecureCookies: secure,
    cookies: {
      // Out of reach of page scripts, not sent on cross-site subrequests or posts.
      sessionToken: {
        name: `${secure ? '__Secure-' : ''}next-auth.session-token`,
        options: { httpOnly: true, sameSite: 'lax', path: '/', secure },
      },
    },
    pages: { signIn: '/sign-in', error: '/sign-in' },
    providers: [
      CredentialsProvider({
        name: 'email',
        // `code`: the second factor (an app code or a recovery code), sent once the server asked for it.
        credentials: { email: { type: 'email' }, password: { type: 'password' }, code: { type: 'text' } },
        async authorize(credentials, req) {
          try {
            const user = await authenticate(
              getDb(),
              { email: credentials?.email ?? '', password: credentials?.password ?? '', code: credentials?.code || undefined },
              { ip: clientIp(req.headers ?? {}) },
            );
            const ip = clientIp(req.headers ?? {});
            // A new session row, and so a new token, on every sign-in (never a session fixed before it).
            const sid = await startSession(getDb(), user.id, ip);
            return { id: user.id, email: user.email, name: user.name, role: user.role, sv: user.sessionVersion, sid };
          } catch (error) {
            // The message reaches the client as `error`: a catalog key, never details; a
            // throttled sign-in adds when to retry ("auth.throttled:12", in minutes).
            if (isAppError(error)) throw new Error(error.values?.minutes ? `${error.messageKey}:${error.values.minutes}` : error.messageKey);
            throw error;
          }
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          const u = user as { id: string; role: string; sv: number; sid: string };
          token.uid = u.id;
          token.role = u.role;
          token.sv = u.sv;
          token.sid = u.sid;
        }
        return token;
      },
      session({ session, token }) {
        return { ...session, uid: token.uid, role: token.role, sv: token.sv, sid: token.sid };
      },
    },
    events: {
      async signOut({ token }) {
        if (typeof token?.sid === 'string') await endSession(getDb(), token.sid);
        if (token?.uid) await recordAudit(getDb(), { actorId: String(token.uid), action: 'auth.sign_out' });
      },
    },
  };
}
