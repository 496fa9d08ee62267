import { and, eq, sql } from 'drizzle-orm';
import { ZodError } from 'zod';
import { beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { auditEvents, jobs } from '@/db/schema';
import type { CurrentUser } from '@/lib/authz';
import { AppError } from '@/lib/errors';
import { listFailedMails, retryFailedMail } from '@/lib/mail/admin';
import { PAGE_SIZE } from '@/lib/pagination';
import { createUser } from '../factories/users';

const db = () => getDb();

/** Staff as the session sees them once enrolled in two-factor sign-in. */
async function staff(role: 'reviewer' | 'organizer' | 'admin'): Promise<CurrentUser> {
  return { ...(await createUser(role)), twoFactor: true };
}

const body = (i: number) => ({ text: `Open https://redress.test/ru/reset-password?token=secret${i}`, html: `<a href="https://redress.test/ru/reset-password?token=secret${i}">link</a>` });

/** `n` failed mails, one minute apart (the first is the oldest), and a few that did not fail. */
async function seedMails(n: number): Promise<number[]> {
  const rows = await db()
    .insert(jobs)
    .values(
      Array.from({ length: n }, (_, i) => ({
        kind: 'mail',
        status: 'failed' as const,
        attempts: 5,
        payload: { to: `person-${i}@example.kz`, subject: `Subject ${i}`, locale: 'ru', ...body(i) },
        lastError: '550 5.1.1 Mailbox unavailable',
        createdAt: sql`now() - make_interval(mins => ${n - i})`,
        finishedAt: sql`now() - make_interval(mins => ${n - i}) + interval '30 seconds'`,
      })),
    )
    .returning({ id: jobs.id });
  await db()
    .insert(jobs)
    .values([
      { kind: 'mail', status: 'pending', payload: { to: 'waiting@example.kz', subject: 'Waiting', locale: 'ru', ...body(900) } },
      { kind: 'mail', status: 'done', attempts: 1, payload: { to: 'sent@example.kz', subject: 'Sent', locale: 'ru' } },
    ]);
  return rows.map((r) => r.id);
}

beforeEach(async () => {
  await db().delete(jobs);
});

describe('failed mail, for admins', () => {
  it('lists failed mails newest first, a page at a time, with tries and last error, never the body', async () => {
    const ids = await seedMails(PAGE_SIZE + 5);
    const admin = await staff('admin');
    const first = await listFailedMails(admin, 1);
    expect(first).toMatchObject({ total: PAGE_SIZE + 5, page: 1, pageCount: 2 });
    expect(first.rows).toHaveLength(PAGE_SIZE);
    expect(first.rows[0]).toEqual({
      id: ids.at(-1),
      to: `person-${PAGE_SIZE + 4}@example.kz`,
      subject: `Subject ${PAGE_SIZE + 4}`,
      attempts: 5,
      lastError: '550 5.1.1 Mailbox unavailable',
      failedAt: expect.any(Date),
    });
    expect(first.rows[0]!.failedAt.getTime()).toBeGreaterThan(first.rows[1]!.failedAt.getTime());
    expect(JSON.stringify(first)).not.toContain('token=');
    const second = await listFailedMails(admin, 2);
    expect(second.rows.map((r) => r.id)).toEqual(ids.slice(0, 5).reverse());
    // Pending and sent mail are not listed.
    expect([...first.rows, ...second.rows].map((r) => r.to)).not.toContain('waiting@example.kz');
  });

  it('sends one again: due now with a fresh count of tries, audited once; a second click changes nothing', async () => {
    const [id] = await seedMails(1);
    const admin = await staff('admin');
    expect(await retryFailedMail(db(), admin, { jobId: id! }, { ip: '10.1.2.3' })).toEqual({ retried: true });
    const [row] = await db().select().from(jobs).where(eq(jobs.id, id!));
    expect(row).toMatchObject({ status: 'pending', attempts: 0, lastError: null, finishedAt: null, lockedBy: null });
    expect(row!.runAt.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    // The body is still there to be sent.
    expect(row!.payload).toMatchObject({ to: 'person-0@example.kz', text: expect.stringContaining('token=secret0') });
    expect((await listFailedMails(admin, 1)).total).toBe(0);

    expect(await retryFailedMail(db(), admin, { jobId: id! })).toEqual({ retried: false });
    const audit = await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'mail.retried'), eq(auditEvents.recordId, String(id))));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: admin.id, recordType: 'job' });
    expect(JSON.stringify(audit[0]!.data)).not.toContain('person-0');
  });

  it('answers NOT_FOUND for a mail that does not exist, and refuses a malformed id', async () => {
    const admin = await staff('admin');
    await expect(retryFailedMail(db(), admin, { jobId: 987654321 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(retryFailedMail(db(), admin, { jobId: -1 })).rejects.toBeInstanceOf(ZodError);
    await expect(retryFailedMail(db(), admin, { jobId: 1.5 })).rejects.toBeInstanceOf(ZodError);
  });

  it.each(['applicant', 'reviewer', 'organizer'] as const)('is refused to a signed-in %s (FORBIDDEN): no list, no retry, nothing changes', async (role) => {
    const [id] = await seedMails(1);
    const user = role === 'applicant' ? await createUser('applicant') : await staff(role);
    await expect(listFailedMails(user, 1)).rejects.toSatisfy((e) => e instanceof AppError && e.code === 'FORBIDDEN');
    await expect(retryFailedMail(db(), user, { jobId: id! })).rejects.toSatisfy((e) => e instanceof AppError && e.code === 'FORBIDDEN');
    const [row] = await db().select().from(jobs).where(eq(jobs.id, id!));
    expect(row).toMatchObject({ status: 'failed', attempts: 5 });
    expect(await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'mail.retried'), eq(auditEvents.recordId, String(id))))).toEqual([]);
  });

  it('is refused to a visitor (UNAUTHENTICATED)', async () => {
    const [id] = await seedMails(1);
    await expect(listFailedMails(null, 1)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(retryFailedMail(db(), null, { jobId: id! })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect((await db().select().from(jobs).where(eq(jobs.id, id!)))[0]).toMatchObject({ status: 'failed' });
  });
});
