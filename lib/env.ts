import path from 'node:path';
import { z } from 'zod';

const schema = z.object({
  DATABASE_URL: z.string().url().optional(),
  REDRESS_DATA_DIR: z.string().min(1).default('.data'),
  SMTP_URL: z.string().url().optional(),
  MAIL_FROM: z.string().min(3).default('Redress <no-reply@redress.local>'),
  /**
   * Tries per e-mail before the jobs worker gives up and marks it failed (listed at /admin/mail,
   * where an admin can send it again). Waits between tries double from a minute (lib/jobs/worker.ts).
   */
  MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  NEXTAUTH_URL: z.string().url().optional(),
  NEXTAUTH_SECRET: z.string().min(32).optional(),
  DOCUMENT_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=$/, 'DOCUMENT_KEY must be 32 bytes in base64')
    .optional(),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /**
   * Petition signing limits (0 turns one off). Per address they are generous: many people in
   * Kazakhstan share one mobile carrier's address. The load benchmark raises the address limits,
   * as its traffic all comes from one address (bench/README.md).
   */
  PETITION_SIGN_PER_IP_PER_MINUTE: z.coerce.number().int().min(0).default(60),
  PETITION_SIGN_PER_EMAIL_PER_HOUR: z.coerce.number().int().min(0).default(5),
  PETITION_CONFIRM_PER_IP_PER_MINUTE: z.coerce.number().int().min(0).default(120),
  /** Signing and confirming requests one app instance works on at once; more are told to retry (lib/petitions/admission.ts). */
  PETITION_MAX_IN_FLIGHT: z.coerce.number().int().min(0).default(40),
  /** Uploads (case documents, bundle attachments) one user may start per hour; 0 turns the limit off. */
  UPLOADS_PER_USER_PER_HOUR: z.coerce.number().int().min(0).default(60),
  /**
   * clamd's unix socket (e.g. /run/clamav/clamd.ctl). When set, every upload is scanned and
   * refused if clamd cannot be reached or cannot scan it all (lib/documents/clamav.ts).
   */
  CLAMAV_SOCKET: z.string().min(1).optional(),
  /**
   * Account limits (0 turns one off), counted in PostgreSQL per fixed window (lib/accounts/limits.ts).
   * Per address they allow a family or an office behind one carrier address; per e-mail they stop
   * a mailbox being flooded with reset links. Sign-in has its own throttle (lib/auth/throttle.ts).
   */
  SIGN_UP_PER_IP_PER_HOUR: z.coerce.number().int().min(0).default(10),
  PASSWORD_RESET_PER_IP_PER_HOUR: z.coerce.number().int().min(0).default(10),
  PASSWORD_RESET_PER_EMAIL_PER_HOUR: z.coerce.number().int().min(0).default(3),
  /** Invitations (and resends) one admin may send a day: a stolen admin session cannot spam. */
  INVITATIONS_PER_ADMIN_PER_DAY: z.coerce.number().int().min(0).default(50),
  /** Attempts to accept an invitation per address (each checks a two-factor code). */
  INVITATION_ACCEPT_PER_IP_PER_HOUR: z.coerce.number().int().min(0).default(20),
});

export type Env = z.infer<typeof schema>;

/** Validated environment. Empty strings count as unset, so `FOO= npm start` behaves like no FOO. */
export function env(): Env {
  const raw = Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid environment: ${problems}`);
  }
  return parsed.data;
}

export function dataDir(): string {
  return path.resolve(env().REDRESS_DATA_DIR);
}

/** The embedded database (no DATABASE_URL) is the demo: seeded data, demo logins, dev mailbox. */
export function isEmbedded(): boolean {
  return !env().DATABASE_URL;
}

/** The dev mailbox exists when mail is kept in the database, outside production unless in the demo. */
export function isMailboxEnabled(): boolean {
  const e = env();
  return !e.SMTP_URL && (e.NODE_ENV !== 'production' || isEmbedded());
}

/** The public origin used in e-mailed links. */
export function appUrl(): string {
  return env().NEXTAUTH_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;
}
