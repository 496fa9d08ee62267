import { getFormatter, getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/ui/page-header';
import { Pagination } from '@/components/ui/pagination';
import { Table, TableHead, td } from '@/components/ui/table';
import { requirePageAccess } from '@/lib/auth/session';
import { listAuditEvents } from '@/lib/audit/queries';
import { parsePage } from '@/lib/pagination';

export async function generateMetadata() {
  const t = await getTranslations('admin');
  return { title: t('auditTitle') };
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<{ page?: string }> }) {
  const user = await requirePageAccess('audit.view', '/admin/audit');
  const t = await getTranslations('admin');
  const format = await getFormatter();
  const result = await listAuditEvents(user, parsePage((await searchParams).page));
  return (
    <div>
      <PageHeader title={t('auditTitle')} lead={t('auditLead')} />
      <Table caption={t('auditTitle')}>
        <TableHead columns={[t('when'), t('actor'), t('action'), t('record')]} />
        <tbody>
          {result.rows.map((row) => (
            <tr key={row.id}>
              <td className={`${td} whitespace-nowrap`}>{format.dateTime(row.createdAt, { dateStyle: 'short', timeStyle: 'medium' })}</td>
              <td className={td}>{row.actorName ? `${row.actorName} (${row.actorEmail})` : t('anonymous')}</td>
              <td className={`${td} font-mono`}>{row.action}</td>
              <td className={`${td} font-mono text-xs`}>{row.recordType ? `${row.recordType}:${row.recordId ?? ''}` : ''}</td>
            </tr>
          ))}
        </tbody>
      </Table>
      <Pagination page={result.page} pageCount={result.pageCount} pathname="/admin/audit" />
    </div>
  );
}
