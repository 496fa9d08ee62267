import nodemailer, { type Transporter } from 'nodemailer';
import type { DbOrTx } from '@/db/client';
import { mailboxMessages } from '@/db/schema';
import { env } from '@/lib/env';
import type { Locale } from '@/lib/i18n/locales';

export type Mail = { to: string; subject: string; text: string; html: string; locale: Locale };

let transport: Transporter | undefined;

/**
 * Sends through SMTP_URL when set; otherwise keeps the mail in the database for the
 * development mailbox. Never logs the body: it may hold a sign-in link.
 */
export async function sendMail(db: DbOrTx, mail: Mail): Promise<void> {
  const { SMTP_URL, MAIL_FROM } = env();
  if (!SMTP_URL) {
    await db.insert(mailboxMessages).values(mail);
    return;
  }
  transport ??= nodemailer.createTransport(SMTP_URL);
  await transport.sendMail({ from: MAIL_FROM, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
}

/**
 * Queues a mail in the transaction of the change that caused it, so the mail goes out if and only
 * if the change commits. (Being moved onto the jobs table and its worker: issue 7.)
 */
export async function enqueueMail(db: DbOrTx, mail: Mail): Promise<void> {
  await sendMail(db, mail);
}
