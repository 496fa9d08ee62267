import { getFormatter, getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/ui/page-header';
import { Pagination } from '@/components/ui/pagination';
import { Table, TableHead, td } from '@/components/ui/table';
import { requirePageAccess } from '@/lib/auth/session';
import { listFailedMails } from '@/lib/mail/admin';
import { parsePage } from '@/lib/pagination';
import { RetryMailButton } from './_components/retry-button';

export async function generateMetadata() {
  const t = await getTranslations('mailAdmin');
  return { title: t('title') };
}

/** Mails the jobs worker gave up on, with the server's last answer, and a way to send each again. */
export default async function FailedMailPage({ searchParams }: { searchParams: Promise<{ page?: string }> }) {
  const user = await requirePageAccess('mail.manage', '/admin/mail');
  const t = await getTranslations();
  const format = await getFormatter();
  const result = await listFailedMails(user, parsePage((await searchParams).page));
  return (
    <div>
      <PageHeader title={t('mailAdmin.title')} lead={t('mailAdmin.lead')} />
      <p className="mb-2 text-slate-800" role="status">
        {t('mailAdmin.count', { count: result.total })}
      </p>
      {result.rows.length > 0 && (
        <Table caption={t('mailAdmin.title')}>
          <TableHead columns={[t('mailAdmin.to'), t('mailAdmin.subject'), t('mailAdmin.attempts'), t('mailAdmin.lastError'), t('mailAdmin.failedAt'), t('mailAdmin.actions')]} />
          <tbody>
            {result.rows.map((row) => (
              <tr key={row.id} data-testid="failed-mail">
                <th scope="row" className={`${td} font-semibold break-all`}>
                  {row.to}
                </th>
                <td className={td}>{row.subject}</td>
                <td className={td}>{row.attempts}</td>
                <td className={`${td} font-mono text-xs break-words`}>{row.lastError ?? ''}</td>
                <td className={`${td} whitespace-nowrap`}>{format.dateTime(row.failedAt, { dateStyle: 'short', timeStyle: 'short' })}</td>
                <td className={td}>
                  <RetryMailButton jobId={row.id} to={row.to} />
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <Pagination page={result.page} pageCount={result.pageCount} pathname="/admin/mail" />
    </div>
  );
}
