import { getFormatter, getTranslations } from 'next-intl/server';
import { FilterActions } from '@/components/ui/filter-actions';
import { SelectField } from '@/components/ui/fields';
import { PageHeader } from '@/components/ui/page-header';
import { PageSection } from '@/components/ui/page-section';
import { Pagination } from '@/components/ui/pagination';
import { Table, TableHead, td } from '@/components/ui/table';
import { TextField } from '@/components/ui/text-field';
import { requirePageAccess } from '@/lib/auth/session';
import { localeNames } from '@/lib/i18n/locales';
import { listPendingInvitations } from '@/lib/users/invitations';
import { listUsers } from '@/lib/users/queries';
import { parseUserFilter, userRoles, userStatuses, type UserFilter } from '@/lib/validation/staff';
import { InvitationActions, InvitationNotices } from './_components/invitation-actions';
import { InviteForm } from './_components/invite-form';
import { RoleForm } from './_components/role-form';
import { UserActions } from './_components/user-actions';

export async function generateMetadata() {
  const t = await getTranslations('admin');
  return { title: t('usersTitle') };
}

/** The filter as URL query values (defaults left out, so links stay short). */
function queryOf(filter: UserFilter): Record<string, string | undefined> {
  return { role: filter.role, status: filter.status === 'any' ? undefined : filter.status, q: filter.q };
}

export default async function UsersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageAccess('user.manage', '/admin/users');
  const t = await getTranslations();
  const format = await getFormatter();
  const filter = parseUserFilter(await searchParams);
  const [result, invitations] = await Promise.all([listUsers(user, filter), listPendingInvitations(user)]);
  const date = (d: Date) => format.dateTime(d, { dateStyle: 'medium', timeStyle: 'short' });

  return (
    <div className="flex flex-col gap-10">
      <div>
        <PageHeader title={t('admin.usersTitle')} lead={t('admin.usersLead')}>
          <p>
            <a href="#invite" className="font-semibold text-blue-800 underline">
              {t('admin.invite.title')}
            </a>
          </p>
        </PageHeader>

        <form method="get" role="search" aria-label={t('admin.filters')} className="mb-4 grid gap-3 rounded-md border border-slate-300 p-4 sm:grid-cols-2 lg:grid-cols-4">
          <TextField label={t('admin.search')} name="q" type="search" defaultValue={filter.q ?? ''} maxLength={100} className="sm:col-span-2" />
          <SelectField
            label={t('admin.role')}
            name="role"
            defaultValue={filter.role ?? ''}
            placeholder={t('admin.anyRole')}
            options={userRoles.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
          />
          <SelectField
            label={t('admin.statusFilter')}
            name="status"
            defaultValue={filter.status}
            options={userStatuses.map((s) => ({ value: s, label: t(`admin.statuses.${s}`) }))}
          />
          <FilterActions applyLabel={t('admin.apply')} resetLabel={t('admin.reset')} resetHref="/admin/users" className="sm:col-span-2 lg:col-span-4" />
        </form>

        <p className="mb-2 text-slate-800" role="status">
          {t('common.total', { count: result.total })}
        </p>
        {result.rows.length === 0 ? (
          <p>{t('admin.empty')}</p>
        ) : (
          <Table caption={t('admin.usersTitle')}>
            <TableHead columns={[t('admin.name'), t('admin.email'), t('admin.role'), t('admin.twoFactor'), t('admin.status'), t('admin.lastSignIn'), t('admin.actions')]} />
            <tbody>
              {result.rows.map((row) => (
                <tr key={row.id} data-testid="user-row">
                  <th scope="row" className={`${td} font-semibold`}>
                    {row.name} {row.id === user.id && <span className="font-normal">{t('admin.you')}</span>}
                  </th>
                  <td className={`${td} break-all`}>{row.email}</td>
                  <td className={td}>
                    <RoleForm userId={row.id} name={row.name} role={row.role} />
                  </td>
                  <td className={td}>{row.hasTwoFactor ? t('admin.twoFactorOn') : t('admin.twoFactorOff')}</td>
                  <td className={td} data-testid="user-status">
                    {row.disabledAt ? t('admin.statusDisabled') : row.emailVerifiedAt ? t('admin.statusActive') : t('admin.statusUnverified')}
                  </td>
                  <td className={`${td} whitespace-nowrap`}>{row.lastSignInAt ? date(row.lastSignInAt) : t('admin.never')}</td>
                  <td className={td}>
                    <UserActions userId={row.id} name={row.name} isDisabled={!!row.disabledAt} isSelf={row.id === user.id} />
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
        <Pagination page={result.page} pageCount={result.pageCount} pathname="/admin/users" query={queryOf(filter)} />
      </div>

      <PageSection id="invite" title={t('admin.invite.title')}>
        <p className="max-w-3xl text-slate-800">{t('admin.invite.lead')}</p>
        <InviteForm />
      </PageSection>

      {/* Not a named region: the table inside is one already, under the same name. */}
      <section id="invitations" className="flex scroll-mt-4 flex-col gap-3">
        <h2 className="text-xl font-bold text-slate-950 sm:text-2xl">{t('admin.invitations.title')}</h2>
        <InvitationNotices>
          {invitations.length === 0 ? (
            <p>{t('admin.invitations.empty')}</p>
          ) : (
            <Table caption={t('admin.invitations.title')}>
              <TableHead
                columns={[
                  t('admin.invitations.email'),
                  t('admin.invitations.role'),
                  t('admin.invitations.language'),
                  t('admin.invitations.invitedBy'),
                  t('admin.invitations.expires'),
                  t('admin.invitations.actions'),
                ]}
              />
              <tbody>
                {invitations.map((row) => (
                  <tr key={row.id} data-testid="invitation-row">
                    <th scope="row" className={`${td} break-all font-semibold`}>
                      {row.email}
                    </th>
                    <td className={td}>{t(`roles.${row.role}`)}</td>
                    <td className={td}>{localeNames[row.locale]}</td>
                    <td className={td}>{row.invitedByName ?? t('common.none')}</td>
                    <td className={`${td} whitespace-nowrap`}>{row.isExpired ? t('admin.invitations.expired') : date(row.expiresAt)}</td>
                    <td className={td}>
                      <InvitationActions invitationId={row.id} email={row.email} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </InvitationNotices>
      </section>
    </div>
  );
}
