import { getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/ui/page-header';
import { Pagination } from '@/components/ui/pagination';
import { Table, TableHead, td } from '@/components/ui/table';
import { requirePageAccess } from '@/lib/auth/session';
import { parsePage } from '@/lib/pagination';
import { listUsers } from '@/lib/users/queries';
import { RoleForm } from './_components/role-form';

export async function generateMetadata() {
  const t = await getTranslations('admin');
  return { title: t('usersTitle') };
}

export default async function UsersPage({ searchParams }: { searchParams: Promise<{ page?: string }> }) {
  const user = await requirePageAccess('user.manage', '/admin/users');
  const t = await getTranslations();
  const result = await listUsers(user, parsePage((await searchParams).page));
  return (
    <div>
      <PageHeader title={t('admin.usersTitle')} lead={t('admin.usersLead')} />
      <Table caption={t('admin.usersTitle')}>
        <TableHead columns={[t('admin.name'), t('admin.email'), t('admin.verified'), t('admin.role')]} />
        <tbody>
          {result.rows.map((row) => (
            <tr key={row.id}>
              <th scope="row" className={`${td} font-semibold`}>{row.name}</th>
              <td className={td}>{row.email}</td>
              <td className={td}>{row.emailVerifiedAt ? t('admin.yes') : t('admin.no')}</td>
              <td className={td}>
                <RoleForm userId={row.id} name={row.name} role={row.role} />
              </td>
            </tr>
          ))}
        </tbody>
      </Table>
      <Pagination page={result.page} pageCount={result.pageCount} pathname="/admin/users" />
    </div>
  );
}
