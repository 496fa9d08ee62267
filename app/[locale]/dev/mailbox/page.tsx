import { getFormatter, getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/ui/page-header';
import { Pagination } from '@/components/ui/pagination';
import { Table, TableHead, td } from '@/components/ui/table';
import { Link } from '@/lib/i18n/navigation';
import { listMailbox } from '@/lib/mail/mailbox';
import { orNotFound } from '@/lib/pages';
import { parsePage } from '@/lib/pagination';

export async function generateMetadata() {
  const t = await getTranslations('mailbox');
  return { title: t('title') };
}

/** Development and embedded demo only: lib/mail/mailbox.ts answers NOT_FOUND elsewhere. */
export default async function MailboxPage({ searchParams }: { searchParams: Promise<{ page?: string }> }) {
  const result = await orNotFound(listMailbox(parsePage((await searchParams).page)));
  const t = await getTranslations('mailbox');
  const format = await getFormatter();
  return (
    <div>
      <PageHeader title={t('title')} lead={t('lead')} />
      {result.rows.length === 0 ? (
        <p>{t('empty')}</p>
      ) : (
        <Table caption={t('title')}>
          <TableHead columns={[t('received'), t('to'), t('subject')]} />
          <tbody>
            {result.rows.map((row) => (
              <tr key={row.id}>
                <td className={`${td} whitespace-nowrap`}>{format.dateTime(row.createdAt, { dateStyle: 'short', timeStyle: 'short' })}</td>
                <td className={td}>{row.to}</td>
                <td className={td}>
                  <Link href={`/dev/mailbox/${row.id}`} className="text-blue-800 underline">
                    {row.subject}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <Pagination page={result.page} pageCount={result.pageCount} pathname="/dev/mailbox" />
    </div>
  );
}
