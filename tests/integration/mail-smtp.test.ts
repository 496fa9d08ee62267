import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { mailboxMessages } from '@/db/schema';
import { signUp } from '@/lib/accounts/mutations';
import { deliverMail } from '../support/mail';

/** The text of every MIME part, whatever its transfer encoding. */
function decodedBody(raw: string): string {
  return raw
    .split(/\r?\n--/)
    .map((part) => {
      const [head = '', ...rest] = part.split(/\r?\n\r?\n/);
      const body = rest.join('\n\n');
      if (/Content-Transfer-Encoding: base64/i.test(head)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
      if (/Content-Transfer-Encoding: quoted-printable/i.test(head)) {
        return Buffer.from(body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
      }
      return body;
    })
    .join('\n');
}

type Received = { from: string; to: string[]; raw: string };
const received: Received[] = [];
let server: SMTPServer;

beforeAll(async () => {
  // A real SMTP server process on loopback, without TLS.
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let raw = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => (raw += chunk));
      stream.on('end', () => {
        received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
  process.env.MAIL_FROM = 'Redress <no-reply@redress.test>';
});

afterAll(async () => {
  delete process.env.SMTP_URL;
  delete process.env.MAIL_FROM;
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('mail through SMTP_URL', () => {
  it('sends the verification mail over SMTP in the applicant language and keeps nothing in the database', async () => {
    await signUp(getDb(), { name: 'Нұрлан Әбенов', email: 'nurlan@example.kz', password: 'a long honest password', locale: 'kk' });
    await deliverMail();
    expect(received).toHaveLength(1);
    const [mail] = received;
    expect(mail!.from).toBe('no-reply@redress.test');
    expect(mail!.to).toEqual(['nurlan@example.kz']);
    // Kazakh subject (MIME-encoded) and a link to the Kazakh verification page.
    expect(mail!.raw).toMatch(/Subject: =\?UTF-8\?/);
    expect(decodedBody(mail!.raw)).toContain('/kk/verify-email?token=');
    expect(decodedBody(mail!.raw)).toContain('Нұрлан Әбенов');
    expect(await getDb().select().from(mailboxMessages)).toEqual([]);
  });
});
