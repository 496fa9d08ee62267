import { getFormatter, getLocale, getTranslations } from 'next-intl/server';
import { notFound } from 'next/navigation';
import { CaseStatusBadge } from '@/components/cases/case-status-badge';
import { DocumentUploader } from '@/components/cases/document-uploader';
import { CaseSummary } from '@/components/cases/case-summary';
import { Alert } from '@/components/ui/alert';
import { buttonClass } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
import { PageSection } from '@/components/ui/page-section';
import { requirePageAccess } from '@/lib/auth/session';
import { listCaseMessages } from '@/lib/cases/messages';
import { listMyCaseTimeline, loadMyCase } from '@/lib/cases/queries';
import { markCaseRead } from '@/lib/cases/unread';
import { findTransition } from '@/lib/cases/status';
import type { Locale } from '@/lib/i18n/locales';
import { Link } from '@/lib/i18n/navigation';
import { orNotFound } from '@/lib/pages';
import { documentKindName } from '@/lib/reference/names';
import { MessageForm } from './_components/message-form';
import { WithdrawCase } from './_components/withdraw-case';
import { EventDetails } from './_components/event-details';

export async function generateMetadata() {
  const t = await getTranslations('myCases');
  return { title: t('title') };
}

/** The applicant's own case: where it stands, its history, its documents and what was filed. */
export default async function MyCasePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ submitted?: string }> }) {
  const { id } = await params;
  const user = await requirePageAccess('case.file', `/my/cases/${encodeURIComponent(id)}`);
  const loaded = await orNotFound(loadMyCase(user, id));
  if (!loaded) notFound();
  const { row, documents } = loaded;
  // Before the thread is read: a message arriving meanwhile is shown and stays unread.
  await markCaseRead(user, id);
  const [timeline, thread] = await Promise.all([listMyCaseTimeline(user, id), listCaseMessages(user, id)]);
  const canMessage = row.status !== 'draft' && row.status !== 'withdrawn';
  const canWithdraw = !!findTransition(row.status, 'withdrawn');
  const t = await getTranslations();
  const format = await getFormatter();
  const locale = (await getLocale()) as Locale;
  const isJustSubmitted = (await searchParams).submitted === '1' && row.reference;
  return (
    <div className="flex flex-col gap-8">
      {isJustSubmitted && (
        <Alert tone="success">
          <h2 className="mb-2 text-lg font-bold">{t('caseView.submittedTitle')}</h2>
          <p>{t('caseView.submittedBody', { reference: row.reference! })}</p>
          <p className="mt-2">{t('caseView.whatNext')}</p>
        </Alert>
      )}
      <PageHeader title={row.reference ?? t('myCases.draftReference')}>
        <div className="flex flex-wrap items-center gap-3">
          <CaseStatusBadge status={row.status} />
          <span className="text-slate-800">{t(`statusHelp.${row.status}`)}</span>
        </div>
        {row.submittedAt && <p className="text-slate-700">{t('caseView.filed', { date: format.dateTime(row.submittedAt, { dateStyle: 'long', timeStyle: 'short' }) })}</p>}
        {row.reference && (
          <p>
            <a href={`/api/cases/${row.id}/receipt?locale=${locale}`} className={buttonClass('secondary')} data-testid="receipt-link">
              {t('receipt.download')}
            </a>
          </p>
        )}
        {row.status === 'draft' && (
          <p>
            <Link href={`/my/cases/new?case=${row.id}`} className={buttonClass('primary')}>
              {t('caseView.continueDraft')}
            </Link>
          </p>
        )}
      </PageHeader>

      <PageSection id="timeline" title={t('caseView.timeline')}>
        {timeline.length === 0 ? (
          <p>{t('caseView.noEvents')}</p>
        ) : (
          <ol className="flex flex-col gap-2 border-s-2 border-slate-300 ps-4" data-testid="timeline">
            {timeline.map((event) => (
              <li key={event.id}>
                <time dateTime={event.createdAt.toISOString()} className="block text-sm text-slate-700">
                  {format.dateTime(event.createdAt, { dateStyle: 'medium', timeStyle: 'short' })}
                </time>
                <span className="text-slate-900">
                  {event.type === 'status_changed' && event.toStatus ? t('caseView.event.status_changed', { status: t(`status.${event.toStatus}`) }) : event.type}
                </span>
                <EventDetails toStatus={event.toStatus} data={event.data} />
              </li>
            ))}
          </ol>
        )}
      </PageSection>

      {canMessage && (
        <PageSection id="messages" title={t('caseView.messages')}>
          {thread.length === 0 ? (
            <p>{t('caseView.noMessages')}</p>
          ) : (
            <ol className="flex flex-col gap-3" data-testid="messages">
              {thread.map((message) => (
                <li key={message.id} className={message.isFromApplicant ? 'rounded-md border border-slate-300 bg-white p-3 sm:ms-12' : 'rounded-md border border-blue-200 bg-blue-50 p-3 sm:me-12'}>
                  <p className="text-sm font-semibold text-slate-900">
                    {message.isFromApplicant ? t('caseView.you') : t('caseView.reviewer')} ·{' '}
                    <time dateTime={message.createdAt.toISOString()}>{format.dateTime(message.createdAt, { dateStyle: 'medium', timeStyle: 'short' })}</time>
                  </p>
                  <p className="mt-1 break-words whitespace-pre-wrap text-slate-900">{message.body}</p>
                </li>
              ))}
            </ol>
          )}
          <MessageForm caseId={row.id} isAnswer={row.status === 'needs_info'} />
        </PageSection>
      )}

      <PageSection id="documents" title={t('caseView.documents')}>
        {row.status === 'needs_info' ? (
          // While the lawyers wait for more, the applicant can add documents here.
          <DocumentUploader caseId={row.id} canEdit initialDocuments={documents.map((d) => ({ ...d, createdAt: d.createdAt.toISOString() }))} />
        ) : (
          <ul className="flex flex-col gap-2">
            {documents.map((doc) => (
              <li key={doc.id} className="flex flex-wrap items-center gap-2">
                <span className="font-semibold">{documentKindName(doc.kind, locale)}:</span>
                <a href={`/api/documents/${doc.id}?download=1`} className="text-blue-800 underline" aria-label={t('caseView.download', { name: doc.originalName })}>
                  {doc.originalName}
                </a>
                <span className="text-sm text-slate-700">({format.number(Math.ceil(doc.sizeBytes / 1024))} KB)</span>
              </li>
            ))}
          </ul>
        )}
      </PageSection>

      <PageSection id="facts" title={t('caseView.facts')}>
        <CaseSummary row={row} documents={documents} />
      </PageSection>

      {canWithdraw && row.status !== 'draft' && (
        <PageSection id="withdraw" title={t('caseView.withdrawTitle')}>
          <WithdrawCase caseId={row.id} />
        </PageSection>
      )}
    </div>
  );
}
