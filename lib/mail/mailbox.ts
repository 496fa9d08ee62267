import 'server-only';
import { desc, eq, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { mailboxMessages } from '@/db/schema';
import { isMailboxEnabled } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { PAGE_SIZE, pageOf, type Page } from '@/lib/pagination';

export type MailboxRow = { id: number; to: string; subject: string; createdAt: Date };

function assertMailbox(): void {
  // Outside development and the embedded demo the mailbox does not exist.
  if (!isMailboxEnabled()) throw new AppError('NOT_FOUND');
}

export async function listMailbox(page: number): Promise<Page<MailboxRow>> {
  assertMailbox();
  const rows = await getDb()
    .select({
      id: mailboxMessages.id,
      to: mailboxMessages.to,
      subject: mailboxMessages.subject,
      createdAt: mailboxMessages.createdAt,
      total: sql<number>`count(*) over ()::int`,
    })
    .from(mailboxMessages)
    .orderBy(desc(mailboxMessages.id))
    .limit(PAGE_SIZE)
    .offset((page - 1) * PAGE_SIZE);
  return pageOf(rows, rows[0]?.total ?? 0, page);
}

export async function getMailboxMessage(id: number) {
  assertMailbox();
  if (!Number.isSafeInteger(id)) throw new AppError('NOT_FOUND');
  const [row] = await getDb().select().from(mailboxMessages).where(eq(mailboxMessages.id, id));
  if (!row) throw new AppError('NOT_FOUND');
  return row;
}
