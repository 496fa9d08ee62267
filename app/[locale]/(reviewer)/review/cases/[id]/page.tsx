import { getFormatter, getLocale, getTranslations } from 'next-intl/server';
import { CaseStatusBadge } from '@/components/cases/case-status-badge';
import { CaseSummary } from '@/components/cases/case-summary';
import { Alert } from '@/components/ui/alert';
import { PageHeader } from '@/components/ui/page-header';
import { PageSection } from '@/components/ui/page-section';
import { requirePageAccess } from '@/lib/auth/session';
import type { Locale } from '@/lib/i18n/locales';
import { Link } from '@/lib/i18n/navigation';
import { orNotFound } from '@/lib/pages';
import { documentKindName } from '@/lib/reference/names';
import { rubricCriteria } from '@/lib/review/rubric';
import { loadWorkspace } from '@/lib/review/workspace';
import { AssessmentForm, type AssessmentDefaults } from './_components/assessment-form';
import { ClaimForm } from './_components/claim-form';
import { ConfirmPanel, DecisionPanel } from './_components/decision-forms';
import { AssignForm, DeclareForm, ReleaseButton } from './_components/holder-actions';
import { NoteForm, StaffMessageForm } from './_components/post-forms';
import { TagEditor } from './_components/tag-editor';

export async function generateMetadata() {
  const t = await getTranslations('review');
  return { title: t('title') };
}

/** The reviewer's workspace: every fact, the documents beside the rubric, the thread, notes, decisions. */
export default async function WorkspacePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ doc?: string; page?: string }> }) {
  const { id } = await params;
  const user = await requirePageAccess('case.review', `/review/cases/${encodeURIComponent(id)}`);
  const ws = await orNotFound(loadWorkspace(user, id));
  const { row } = ws;
  const t = await getTranslations();
  const format = await getFormatter();
  const locale = (await getLocale()) as Locale;
  const query = await searchParams;
  const viewed = ws.documents.find((d) => d.id === query.doc);
  const viewedPage = /^[1-9][0-9]{0,3}$/.test(query.page ?? '') ? Number(query.page) : 1;
  const when = (d: Date) => format.dateTime(d, { dateStyle: 'medium', timeStyle: 'short' });
  const myDraft = ws.assessments.find((a) => a.reviewerId === user.id && a.status === 'draft');
  const mine = myDraft ?? ws.assessments.find((a) => a.reviewerId === user.id);
  const defaults: AssessmentDefaults = Object.fromEntries(
    rubricCriteria.map((c) => {
      const s = mine?.scores[c.key];
      return [
        c.key,
        { score: s && s.score >= 0 ? String(s.score) : '', comment: s?.comment ?? '', documentId: s?.citation?.documentId ?? '', page: s?.citation ? String(s.citation.page) : '' },
      ];
    }),
  ) as AssessmentDefaults;
  const submitted = ws.assessments.filter((a) => a.status === 'submitted');
  const documentOptions = ws.documents.map((d) => ({ value: d.id, label: `${documentKindName(d.kind, locale)} — ${d.originalName}` }));

  return (
    <div className="flex flex-col gap-8">
      <p>
        <Link href="/review" className="text-blue-800 underline">
          {t('review.backToQueue')}
        </Link>
      </p>
      <PageHeader title={row.reference ?? ''}>
        <div className="flex flex-wrap items-center gap-3">
          <CaseStatusBadge status={row.status} />
          <span data-testid="assignee">
            {ws.assignment ? t('review.heldBy', { name: ws.assignment.reviewerName }) : t('review.unassigned')}
          </span>
          {row.strengthScore !== null && <span>{t('review.scoreIs', { score: row.strengthScore })}</span>}
        </div>
        {row.repliedAt && <Alert tone="info">{t('review.applicantReplied', { date: when(row.repliedAt) })}</Alert>}
      </PageHeader>

      <nav aria-label={t('review.sections')} className="flex flex-wrap gap-x-4 gap-y-2">
        {(['actions', 'facts', 'documents', 'assessment', 'messages', 'notes', 'related', 'history'] as const).map((section) => (
          <a key={section} href={`#${section}`} className="text-blue-800 underline">
            {t(`review.jump.${section}`)}
          </a>
        ))}
      </nav>

      {/* Keyed by version: after any change the forms start again from the new state. */}
      <PageSection id="actions" title={t('review.actions')}>
        <div key={row.version} className="flex flex-col gap-6">
          {ws.may.claim && <ClaimForm caseId={row.id} version={row.version} />}
          {ws.may.declare && <DeclareForm caseId={row.id} />}
          {ws.assignment && !ws.assignment.hasNoConflict && !ws.may.declare && <p>{t('review.declarationPending', { name: ws.assignment.reviewerName })}</p>}
          {ws.assignment?.hasNoConflict && (
            <p className="text-slate-800">
              {t('review.declared', { name: ws.assignment.reviewerName })}
              {ws.assignment.conflictComment ? ` — ${ws.assignment.conflictComment}` : ''}
            </p>
          )}
          <div className="flex flex-wrap gap-6">
            {ws.may.release && <ReleaseButton caseId={row.id} version={row.version} />}
            {ws.may.assign && <AssignForm caseId={row.id} version={row.version} reviewers={ws.reviewers} current={row.assigneeId} />}
          </div>
          {!ws.may.claim && !ws.may.decide && !ws.may.confirm && row.status !== 'recommended' && <p>{t(`statusHelp.${row.status}`)}</p>}
          {(ws.may.decide || row.status === 'recommended') && (
            <p>
              <a href="#decision" className="font-semibold text-blue-800 underline">
                {t('review.goToDecision')}
              </a>
            </p>
          )}
        </div>
      </PageSection>

      <PageSection id="facts" title={t('review.facts')}>
        <p className="mb-3">{t('review.applicant', { name: ws.applicant.name, email: ws.applicant.email })}</p>
        <CaseSummary row={row} documents={ws.documents} />
      </PageSection>

      <PageSection id="documents" title={t('review.documents')}>
        {ws.documents.length === 0 ? (
          <p>{t('review.noDocuments')}</p>
        ) : (
          <ul className="flex flex-col gap-2">
            {ws.documents.map((doc) => (
              <li key={doc.id} className="flex flex-wrap items-center gap-x-3 gap-y-1">
                <span className="font-semibold">{documentKindName(doc.kind, locale)}:</span>
                <span className="break-all">{doc.originalName}</span>
                <span className="text-sm text-slate-700">({format.number(Math.ceil(doc.sizeBytes / 1024))} KB)</span>
                <Link
                  href={`/review/cases/${row.id}?doc=${doc.id}#viewer`}
                  className="text-blue-800 underline"
                  aria-current={viewed?.id === doc.id ? 'true' : undefined}
                >
                  {t('review.viewShort')}
                  <span className="sr-only"> {doc.originalName}</span>
                </Link>
                <a href={`/api/documents/${doc.id}?download=1`} className="text-blue-800 underline">
                  {t('review.downloadShort')}
                  <span className="sr-only"> {doc.originalName}</span>
                </a>
              </li>
            ))}
          </ul>
        )}
        {viewed && (
          <div id="viewer" className="mt-4" data-testid="document-viewer">
            <p className="mb-2 font-semibold">{t('review.viewing', { name: viewed.originalName, page: viewedPage })}</p>
            {viewed.contentType === 'application/pdf' ? (
              <iframe
                src={`/api/documents/${viewed.id}#page=${viewedPage}`}
                title={t('review.viewerTitle', { name: viewed.originalName })}
                className="h-[80vh] w-full rounded-md border border-slate-400"
              />
            ) : (
              // eslint-disable-next-line @next/next/no-img-element -- a private, streamed document: no image optimization.
              <img src={`/api/documents/${viewed.id}`} alt={t('review.viewerTitle', { name: viewed.originalName })} className="max-w-full rounded-md border border-slate-400" />
            )}
          </div>
        )}
      </PageSection>

      <PageSection id="assessment" title={t('review.assessment')}>
        {submitted.length > 0 && (
          <ul className="mb-4 flex flex-col gap-2" data-testid="submitted-assessments">
            {submitted.map((a) => (
              <li key={a.id} className="rounded-md border border-slate-300 p-3">
                <p className="font-semibold">{t('review.assessedBy', { name: a.reviewerName, score: a.strengthScore, date: a.submittedAt ? when(a.submittedAt) : '' })}</p>
                {a.rationale && <p className="mt-1 break-words whitespace-pre-wrap">{a.rationale}</p>}
                <ul className="mt-2 flex flex-col gap-1 text-sm">
                  {rubricCriteria.map((c) => {
                    const s = a.scores[c.key];
                    if (!s) return null;
                    return (
                      <li key={c.key}>
                        <span className="font-semibold">
                          {t(`review.criteria.${c.key}.name`)}: {s.score >= 0 ? s.score : t('common.none')}/3
                        </span>
                        {s.comment ? ` — ${s.comment}` : ''}{' '}
                        {s.citation && (
                          <Link href={`/review/cases/${row.id}?doc=${s.citation.documentId}&page=${s.citation.page}#viewer`} className="text-blue-800 underline">
                            {t('review.citedPage', { page: s.citation.page })}
                          </Link>
                        )}
                      </li>
                    );
                  })}
                </ul>
              </li>
            ))}
          </ul>
        )}
        {ws.may.assess ? (
          <AssessmentForm caseId={row.id} defaults={defaults} rationale={mine?.rationale ?? ''} documents={documentOptions} hasDraft={!!myDraft} />
        ) : (
          <p>{t('review.assessmentClosed')}</p>
        )}
      </PageSection>

      {(ws.may.decide || row.status === 'recommended') && (
        <PageSection id="decision" title={t('review.decisions')}>
          <div key={row.version} className="flex flex-col gap-6">
            {ws.may.decide && <DecisionPanel caseId={row.id} version={row.version} hasMyAssessment={submitted.some((a) => a.reviewerId === user.id)} isWaiting={row.status === 'needs_info'} />}
            {row.status === 'recommended' && (
              <div className="flex flex-col gap-3">
                <p>{t('review.recommendedBy', { name: ws.recommendedByName ?? '' })}</p>
                {ws.may.confirm ? <ConfirmPanel caseId={row.id} version={row.version} /> : <p className="font-semibold">{t('review.cannotConfirmOwn')}</p>}
              </div>
            )}
          </div>
        </PageSection>
      )}

      <PageSection id="messages" title={t('review.messages')}>
        {ws.messages.length === 0 ? (
          <p>{t('caseView.noMessages')}</p>
        ) : (
          <ol className="mb-4 flex flex-col gap-3" data-testid="messages">
            {ws.messages.map((m) => (
              <li key={m.id} className={m.isFromApplicant ? 'rounded-md border border-slate-300 bg-white p-3 sm:me-12' : 'rounded-md border border-blue-200 bg-blue-50 p-3 sm:ms-12'}>
                <p className="text-sm font-semibold">
                  {m.isFromApplicant ? t('review.fromApplicant') : (m.authorName ?? t('caseView.reviewer'))} · <time dateTime={m.createdAt.toISOString()}>{when(m.createdAt)}</time>
                </p>
                <p className="mt-1 break-words whitespace-pre-wrap">{m.body}</p>
              </li>
            ))}
          </ol>
        )}
        {row.status !== 'withdrawn' && <StaffMessageForm caseId={row.id} />}
      </PageSection>

      <PageSection id="notes" title={t('review.notes')}>
        <p className="mb-3 text-sm text-slate-700">{t('review.notesHint')}</p>
        {ws.notes.length > 0 && (
          <ol className="mb-4 flex flex-col gap-3" data-testid="notes">
            {ws.notes.map((n) => (
              <li key={n.id} className="rounded-md border border-amber-300 bg-amber-50 p-3">
                <p className="text-sm font-semibold">
                  {n.authorName} · <time dateTime={n.createdAt.toISOString()}>{when(n.createdAt)}</time>
                </p>
                <p className="mt-1 break-words whitespace-pre-wrap">{n.body}</p>
              </li>
            ))}
          </ol>
        )}
        <NoteForm caseId={row.id} />
      </PageSection>

      <PageSection id="tags" title={t('review.tags')}>
        <TagEditor caseId={row.id} tags={ws.tags.map((tag) => ({ id: tag.id, label: tag[locale], isOn: tag.isOn }))} />
      </PageSection>

      <PageSection id="related" title={t('review.related')}>
        {ws.related.length === 0 ? (
          <p>{t('review.noRelated')}</p>
        ) : (
          <ul className="flex flex-col gap-2" data-testid="related">
            {ws.related.map((r) => (
              <li key={r.id}>
                <Link href={`/review/cases/${r.id}`} className="font-semibold text-blue-800 underline">
                  {r.reference}
                </Link>{' '}
                — {r.courtName} — {t(`status.${r.status}`)} — {r.because.map((b) => t(`review.because.${b}`)).join(', ')}
              </li>
            ))}
          </ul>
        )}
      </PageSection>

      <PageSection id="history" title={t('review.history')}>
        <ol className="flex flex-col gap-2 border-s-2 border-slate-300 ps-4">
          {ws.events.map((e) => (
            <li key={e.id}>
              <time dateTime={e.createdAt.toISOString()} className="block text-sm text-slate-700">
                {when(e.createdAt)}
              </time>
              <span>
                {e.type === 'status_changed' && e.toStatus
                  ? t('caseView.event.status_changed', { status: t(`status.${e.toStatus}`) })
                  : t(`review.events.${e.type}` as never)}
                {e.actorName ? ` — ${e.actorName}` : ''}
              </span>
              {typeof e.data.rationale === 'string' && <p className="break-words whitespace-pre-wrap text-slate-800">{e.data.rationale}</p>}
              {typeof e.data.reason === 'string' && e.type !== 'status_changed' && <p className="break-words whitespace-pre-wrap text-slate-800">{e.data.reason}</p>}
            </li>
          ))}
        </ol>
      </PageSection>
    </div>
  );
}
