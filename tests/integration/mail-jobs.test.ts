import crypto from 'node:crypto';
import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { getDb, openPostgres, type Db } from '@/db/client';
import { auditEvents, jobs, mailboxMessages, users } from '@/db/schema';
import { signUp } from '@/lib/accounts/mutations';
import { backoffMs, CLAIM_BATCH, runDueJobs, STALE_AFTER_SECONDS, startJobWorker, stopJobWorker } from '@/lib/jobs/worker';
import { retryFailedMail } from '@/lib/mail/admin';
import { enqueueMail, type Mail } from '@/lib/mail/send';
import { createUser } from '../factories/users';
import { deliverMail } from '../support/mail';
import { startSmtpChild, type SmtpChild } from '../support/smtp-child';

const db = () => getDb();

/** A mail whose body holds a sign-in-like link, as most of the portal's mails do. */
function testMail(subject: string, to = `${crypto.randomBytes(5).toString('hex')}@example.kz`): Mail {
  const link = `https://redress.test/ru/reset-password?token=${crypto.randomBytes(16).toString('hex')}`;
  return { to, subject, text: `Hello,\n\n${link}\n`, html: `<p>Hello,</p><p><a href="${link}">${link}</a></p>`, locale: 'ru' };
}

async function jobOf(id: number) {
  const [row] = await db().select().from(jobs).where(eq(jobs.id, id));
  return row!;
}

async function jobIdFor(to: string): Promise<number> {
  const [row] = await db().select({ id: jobs.id }).from(jobs).where(sql`${jobs.payload}->>'to' = ${to}`);
  return row!.id;
}

beforeEach(async () => {
  await db().delete(jobs);
  await db().delete(mailboxMessages);
});

describe('a mail is queued in the transaction of the change that causes it', () => {
  it('is a pending job once the change commits, and nothing is sent until a worker runs', async () => {
    const email = `aigerim-${crypto.randomBytes(3).toString('hex')}@example.kz`;
    await signUp(db(), { name: 'Әйгерім Сәрсенова', email, password: 'a long honest password', locale: 'kk' });
    const queued = await db().select().from(jobs);
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ kind: 'mail', status: 'pending', attempts: 0, payload: { to: email, locale: 'kk' } });
    expect(await db().select().from(mailboxMessages)).toEqual([]);

    expect(await deliverMail()).toBe(1);
    const [mail] = await db().select().from(mailboxMessages).where(eq(mailboxMessages.to, email));
    expect(mail!.text).toContain('/kk/verify-email?token=');
    const done = await jobOf(queued[0]!.id);
    expect(done).toMatchObject({ status: 'done', attempts: 1, lastError: null });
    expect(done.finishedAt).toBeInstanceOf(Date);
    // The sign-in link does not stay at rest in the jobs table.
    expect(done.payload).toEqual({ to: email, subject: mail!.subject, locale: 'kk' });
  });

  it('is gone with the change when its transaction rolls back', async () => {
    const mail = testMail('Rolled back');
    await expect(
      db().transaction(async (tx) => {
        await enqueueMail(tx, mail);
        tx.rollback();
      }),
    ).rejects.toThrow();
    expect(await db().select().from(jobs)).toEqual([]);

    // A real action whose commit fails (a deferred check refuses it at COMMIT, after the mail was
    // queued): no account, no job, no mail.
    await db().execute(sql`create function test_refuse_commit() returns trigger language plpgsql as $$ begin raise exception 'refused at commit'; end $$`);
    await db().execute(sql`create constraint trigger test_refuse_commit after insert on jobs deferrable initially deferred for each row execute function test_refuse_commit()`);
    const email = `rolled-${crypto.randomBytes(3).toString('hex')}@example.kz`;
    try {
      await expect(signUp(db(), { name: 'Дамир Оспанов', email, password: 'a long honest password', locale: 'ru' })).rejects.toThrow();
    } finally {
      await db().execute(sql`drop trigger test_refuse_commit on jobs`);
      await db().execute(sql`drop function test_refuse_commit()`);
    }
    expect(await db().select().from(users).where(eq(users.email, email))).toEqual([]);
    expect(await db().select().from(jobs)).toEqual([]);
    expect(await deliverMail()).toBe(0);
    expect(await db().select().from(mailboxMessages)).toEqual([]);
  });

  it('goes out in queue order to one address, whatever else is in the batch', async () => {
    const to = 'one-person@example.kz';
    await db().transaction(async (tx) => {
      for (let i = 1; i <= 6; i++) {
        await enqueueMail(tx, testMail(`Step ${i}`, to));
        await enqueueMail(tx, testMail(`Other ${i}`));
      }
    });
    await deliverMail();
    const subjects = (await db().select().from(mailboxMessages).where(eq(mailboxMessages.to, to)).orderBy(mailboxMessages.id)).map((m) => m.subject);
    expect(subjects).toEqual(['Step 1', 'Step 2', 'Step 3', 'Step 4', 'Step 5', 'Step 6']);
  });

  it('is sent within about a second by the worker started with the app, without anyone calling it', async () => {
    startJobWorker();
    try {
      const mail = testMail('Sent by the background worker');
      await db().transaction((tx) => enqueueMail(tx, mail));
      await vi.waitFor(
        async () => {
          expect(await db().select().from(mailboxMessages).where(eq(mailboxMessages.to, mail.to))).toHaveLength(1);
        },
        { timeout: 5000, interval: 50 },
      );
    } finally {
      await stopJobWorker();
    }
  });
});

describe('delivery through a real SMTP server in a child process', () => {
  let smtp: SmtpChild;
  const second: { db?: Db; close?: () => Promise<void> } = {};

  beforeAll(async () => {
    smtp = await startSmtpChild();
    process.env.SMTP_URL = smtp.url;
    process.env.MAIL_FROM = 'Redress <no-reply@redress.test>';
  });

  afterAll(async () => {
    delete process.env.SMTP_URL;
    delete process.env.MAIL_FROM;
    delete process.env.MAIL_MAX_ATTEMPTS;
    await second.close?.();
    await smtp?.stop();
  });

  beforeEach(async () => {
    await smtp.setMode('accept');
    smtp.received.length = 0;
    smtp.refused.length = 0;
  });

  it('hands the mail to the server once, from MAIL_FROM, and keeps nothing in the dev mailbox', async () => {
    const mail = testMail('Your case was received');
    await db().transaction((tx) => enqueueMail(tx, mail));
    expect(smtp.received).toHaveLength(0);
    await deliverMail();
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]).toMatchObject({ from: 'no-reply@redress.test', to: [mail.to], subject: 'Your case was received' });
    expect(await db().select().from(mailboxMessages)).toEqual([]);
    expect(await jobOf(await jobIdFor(mail.to))).toMatchObject({ status: 'done', attempts: 1, payload: { to: mail.to, subject: mail.subject, locale: 'ru' } });
  });

  it('retries a refused mail after growing waits, gives up after MAIL_MAX_ATTEMPTS with the server’s reply, and an admin sends it again', async () => {
    process.env.MAIL_MAX_ATTEMPTS = '3';
    await smtp.setMode('refuse');
    const mail = testMail('Refused for a while');
    await db().transaction((tx) => enqueueMail(tx, mail));
    const id = await jobIdFor(mail.to);

    for (let attempt = 1; attempt <= 2; attempt++) {
      const before = Date.now();
      expect(await deliverMail()).toBe(1);
      const row = await jobOf(id);
      expect(row).toMatchObject({ status: 'pending', attempts: attempt });
      expect(row.lastError).toContain('550');
      // The next try waits backoffMs(attempt): one minute, then two.
      const wait = row.runAt.getTime() - before;
      expect(wait).toBeGreaterThan(backoffMs(attempt) - 5000);
      expect(wait).toBeLessThan(backoffMs(attempt) + 5000);
      expect(backoffMs(attempt)).toBe(60_000 * 2 ** (attempt - 1));
      // Not due yet: a worker running now leaves it alone.
      expect(await deliverMail()).toBe(0);
      // Time passes.
      await db().update(jobs).set({ runAt: sql`now()` }).where(eq(jobs.id, id));
    }
    expect(await deliverMail()).toBe(1);
    const failed = await jobOf(id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 3 });
    expect(failed.finishedAt).toBeInstanceOf(Date);
    expect(failed.lastError).toMatch(/550.*Relaying denied/);
    // The recorded error is the server's reply, never the mail or its link.
    expect(failed.lastError).not.toContain('token=');
    expect(failed.lastError).not.toContain('Hello');
    await vi.waitFor(() => expect(smtp.refused).toEqual([mail.to, mail.to, mail.to]));
    expect(smtp.received).toHaveLength(0);
    // A failed mail stays failed: no worker picks it up again on its own.
    await db().update(jobs).set({ runAt: sql`now() - interval '1 day'` }).where(eq(jobs.id, id));
    expect(await deliverMail()).toBe(0);

    // The server takes mail again; an admin sends it again.
    await smtp.setMode('accept');
    const admin = { ...(await createUser('admin')), twoFactor: true };
    expect(await retryFailedMail(db(), admin, { jobId: id }, { ip: '10.0.0.1' })).toEqual({ retried: true });
    expect(await jobOf(id)).toMatchObject({ status: 'pending', attempts: 0, lastError: null, finishedAt: null });
    expect(await deliverMail()).toBe(1);
    expect(smtp.received.map((m) => m.to)).toEqual([[mail.to]]);
    expect(await jobOf(id)).toMatchObject({ status: 'done', attempts: 1, payload: { to: mail.to, subject: mail.subject, locale: 'ru' } });
    const audit = await db().select().from(auditEvents).where(eq(auditEvents.action, 'mail.retried'));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: admin.id, recordType: 'job', recordId: String(id) });
    delete process.env.MAIL_MAX_ATTEMPTS;
  });

  it('two app instances working through 200 mails at once: the server receives each exactly once', async () => {
    // On PostgreSQL each instance has its own connection pool, as two app processes would; PGlite
    // is one connection in one process, so there the two workers share it.
    const url = process.env.TEST_DATABASE_URL;
    if (url && !second.db) Object.assign(second, openPostgres(url));
    const instanceA = db();
    const instanceB = second.db ?? db();
    const subjects = Array.from({ length: 200 }, (_, i) => `Signature link ${i + 1} of 200`);
    await db().transaction(async (tx) => {
      for (const [i, subject] of subjects.entries()) await enqueueMail(tx, testMail(subject, `signer-${i}@example.kz`));
    });

    const drain = async (instance: Db, workerId: string) => {
      const rounds: number[] = [];
      for (;;) {
        const round = await runDueJobs(instance, { workerId });
        if (round.claimed === 0) return rounds;
        rounds.push(round.claimed);
      }
    };
    const [a, b] = await Promise.all([drain(instanceA, 'instance-a'), drain(instanceB, 'instance-b')]);

    await vi.waitFor(() => expect(smtp.received.length).toBeGreaterThanOrEqual(200));
    const times = new Map<string, number>();
    for (const m of smtp.received) times.set(m.subject, (times.get(m.subject) ?? 0) + 1);
    expect(smtp.received).toHaveLength(200);
    expect(subjects.filter((s) => times.get(s) !== 1)).toEqual([]);
    const rows = await db().select().from(jobs);
    expect(rows.every((r) => r.status === 'done' && r.attempts === 1)).toBe(true);
    const byWorker = { a: rows.filter((r) => r.lockedBy === 'instance-a').length, b: rows.filter((r) => r.lockedBy === 'instance-b').length };
    expect(byWorker.a + byWorker.b).toBe(200);
    expect(a.reduce((x, y) => x + y, 0)).toBe(byWorker.a);
    expect(b.reduce((x, y) => x + y, 0)).toBe(byWorker.b);
    expect(Math.max(...a, ...b)).toBeLessThanOrEqual(CLAIM_BATCH);
    // With two pools both instances get work; neither waits for the other's locks.
    if (second.db) expect(Math.min(byWorker.a, byWorker.b)).toBeGreaterThan(0);
  });

  it('sends after a restart the mail an app was killed in the middle of; leaves a live instance’s job alone', async () => {
    const killed = testMail('Interrupted by a crash');
    const live = testMail('Being sent by another instance');
    const lastTry = testMail('Crashed on its last try');
    const stale = sql`now() - make_interval(secs => ${STALE_AFTER_SECONDS + 60})`;
    await db()
      .insert(jobs)
      .values([
        { kind: 'mail', payload: killed, status: 'running', attempts: 1, lockedAt: stale, lockedBy: 'killed-host:4242:dead01' },
        { kind: 'mail', payload: live, status: 'running', attempts: 1, lockedAt: sql`now() - interval '5 seconds'`, lockedBy: 'live-host:77:a1b2c3' },
        { kind: 'mail', payload: lastTry, status: 'running', attempts: 5, lockedAt: stale, lockedBy: 'killed-host:4242:dead01' },
      ]);

    expect(await deliverMail()).toBe(2);
    expect(smtp.received.map((m) => m.subject)).toEqual(['Interrupted by a crash']);
    expect(await jobOf(await jobIdFor(killed.to))).toMatchObject({ status: 'done', attempts: 2, lockedBy: 'tests' });
    expect(await jobOf(await jobIdFor(live.to))).toMatchObject({ status: 'running', attempts: 1, lockedBy: 'live-host:77:a1b2c3' });
    // A mail whose every try died with its worker is not tried forever: it is failed for an admin to see.
    expect(await jobOf(await jobIdFor(lastTry.to))).toMatchObject({ status: 'failed', attempts: 6, lastError: 'stopped while running its last try' });
    const left = await db().select({ status: jobs.status }).from(jobs).where(inArray(jobs.status, ['pending']));
    expect(left).toEqual([]);
  });
});
