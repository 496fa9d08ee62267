import nodemailer, { type Transporter } from 'nodemailer';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { mailboxMessages } from '@/db/schema';
import { env } from '@/lib/env';
import { locales, type Locale } from '@/lib/i18n/locales';
import { enqueue } from '@/lib/jobs/queue';
import type { JobHandler } from '@/lib/jobs/handlers';

export type Mail = { to: string; subject: string; text: string; html: string; locale: Locale };

/** The job kind of an e-mail (lib/jobs/handlers.ts). */
export const MAIL_JOB = 'mail';

/**
 * Queues a mail in the transaction of the change that caused it (pass that transaction as `db`),
 * so the mail goes out if and only if the change commits. The jobs worker sends it
 * (lib/jobs/worker.ts): within a second or so, retried with backoff when the server refuses.
 * Every mail the portal sends goes this way.
 */
export async function enqueueMail(db: DbOrTx, mail: Mail): Promise<void> {
  // A deleted account's address is a placeholder in the reserved .invalid domain
  // (lib/privacy/deletion.ts): news about a case kept for the record reaches no one.
  if (/\.invalid$/i.test(mail.to.trim())) return;
  await enqueue(db, { kind: MAIL_JOB, payload: mail });
}

let transport: { url: string; transporter: Transporter } | undefined;

/**
 * SMTP timeouts, well under the worker's stale-job timeout (lib/jobs/worker.ts): a send that hangs
 * fails and is retried, instead of being taken for a dead worker's job and sent twice. They go in
 * as nodemailer's URL query parameters; ones already in SMTP_URL win.
 */
const SMTP_TIMEOUTS = { connectionTimeout: 20_000, greetingTimeout: 20_000, socketTimeout: 60_000 };

function withTimeouts(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  for (const [key, ms] of Object.entries(SMTP_TIMEOUTS)) if (!url.searchParams.has(key)) url.searchParams.set(key, String(ms));
  return url.toString();
}

/**
 * Hands one mail over: to the SMTP server at SMTP_URL when set, otherwise into the database for the
 * development mailbox. Only the jobs worker calls this (through `mailJob`); everything else calls
 * `enqueueMail`. Never logs the body: it may hold a sign-in link.
 */
export async function transmitMail(db: DbOrTx, mail: Mail): Promise<void> {
  const { SMTP_URL, MAIL_FROM } = env();
  if (!SMTP_URL) {
    await db.insert(mailboxMessages).values(mail);
    return;
  }
  if (transport?.url !== SMTP_URL) {
    transport?.transporter.close();
    transport = { url: SMTP_URL, transporter: nodemailer.createTransport(withTimeouts(SMTP_URL)) };
  }
  await transport.transporter.sendMail({ from: MAIL_FROM, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
}

const mailPayload = z.object({ to: z.string().min(3), subject: z.string(), text: z.string(), html: z.string(), locale: z.enum(locales) });

/** What an SMTP failure is recorded as: the server's reply or the network error, never the mail. */
function describeFailure(error: unknown): string {
  const e = error as { message?: unknown; responseCode?: unknown; response?: unknown; code?: unknown };
  const reply = typeof e?.response === 'string' ? e.response : typeof e?.message === 'string' ? e.message : 'unknown error';
  const code = typeof e?.code === 'string' ? `${e.code}: ` : '';
  return `${code}${reply}`;
}

/**
 * The jobs worker's handler for mail. Once sent, the stored job keeps only whom it went to, its
 * subject and language: links in the body (sign-in, reset, signature confirmation) do not stay at rest.
 */
export const mailJob: JobHandler = {
  maxAttempts: () => env().MAIL_MAX_ATTEMPTS,
  sequenceKey: (payload) => (typeof payload.to === 'string' ? payload.to.toLowerCase() : undefined),
  async run(payload, { db }) {
    const mail = mailPayload.parse(payload);
    try {
      await transmitMail(db, mail);
    } catch (error) {
      throw new Error(describeFailure(error));
    }
    return { payload: { to: mail.to, subject: mail.subject, locale: mail.locale } };
  },
};
