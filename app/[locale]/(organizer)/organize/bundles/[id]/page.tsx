import { getFormatter, getLocale, getTranslations } from 'next-intl/server';
import { Alert } from '@/components/ui/alert';
import { buttonClass } from '@/components/ui/button';
import { SelectField } from '@/components/ui/fields';
import { PageHeader } from '@/components/ui/page-header';
import { PageSection } from '@/components/ui/page-section';
import { Pagination } from '@/components/ui/pagination';
import { Table, TableHead, td } from '@/components/ui/table';
import { TextField } from '@/components/ui/text-field';
import { requirePageAccess } from '@/lib/auth/session';
import { coverLetterFromTemplate, listBundleDocuments, listCandidateCases, listThemes, loadBundle, suggestCases, type CandidateRow } from '@/lib/bundles/bundles';
import type { Locale } from '@/lib/i18n/locales';
import { Link } from '@/lib/i18n/navigation';
import { orNotFound } from '@/lib/pages';
import { caseKindList, groundList, regionList } from '@/lib/reference/data';
import { caseKindName, documentKindName, groundName, regionName } from '@/lib/reference/names';
import { parseCandidateFilter } from '@/lib/validation/bundles';
import { findMissingDocuments } from '@/lib/bundles/exports';
import { loadBundleRecord } from '@/lib/bundles/submission';
import { BundleRecord } from '../_components/bundle-record';
import { BundleSettingsForm } from '../_components/bundle-settings-form';
import { BundleVersionProvider } from '../_components/bundle-version';
import { AddCaseButton, CaseControls, CoverLetterForm, FinalizeForm, SummaryForm } from '../_components/builder-forms';

export async function generateMetadata() {
  const t = await getTranslations('bundles');
  return { title: t('title') };
}

/** The bundle builder: settings, cases in order with their summaries, cover letter, finalizing. */
export default async function BundlePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { id } = await params;
  const user = await requirePageAccess('bundle.manage', `/organize/bundles/${encodeURIComponent(id)}`);
  const { bundle, cases, gaps } = await orNotFound(loadBundle(user, id));
  const t = await getTranslations();
  const format = await getFormatter();
  const locale = (await getLocale()) as Locale;
  const filter = parseCandidateFilter(await searchParams);
  const isDraft = bundle.status === 'draft';
  const query = await searchParams;
  const [themes, candidates, suggestions, frozenDocuments, record, missing] = await Promise.all([
    listThemes(user),
    isDraft ? listCandidateCases(user, filter) : null,
    isDraft ? suggestCases(user, bundle) : [],
    isDraft ? [] : listBundleDocuments(user, bundle.id),
    isDraft ? null : loadBundleRecord(user, bundle.id),
    isDraft ? [] : findMissingDocuments(user, bundle.id),
  ]);
  const options = (list: { code: string; names: Record<Locale, string> }[]) => list.map((item) => ({ value: item.code, label: item.names[locale] }));
  const template = coverLetterFromTemplate(bundle, cases.map((c) => c.row.grounds), new Date());
  const candidateTable = (rows: CandidateRow[], caption: string) => (
    <Table caption={caption}>
      <TableHead columns={[t('bundles.reference'), t('bundles.score'), t('queue.kind'), t('bundles.region'), t('queue.court'), t('bundles.grounds'), t('queue.select')]} />
      <tbody>
        {rows.map((row) => (
          <tr key={row.id} data-testid="candidate-row">
            <th scope="row" className={`${td} font-semibold whitespace-nowrap`}>
              <Link href={`/review/cases/${row.id}`} className="text-blue-800 underline">
                {row.reference}
              </Link>
            </th>
            <td className={td}>{row.strengthScore ?? t('common.none')}</td>
            <td className={td}>{caseKindName(row.kind, locale)}</td>
            <td className={td}>{regionName(row.regionCode, locale)}</td>
            <td className={td}>{row.courtName}</td>
            <td className={td}>{row.grounds.map((g) => groundName(g, locale)).join(', ')}</td>
            <td className={td}>
              <AddCaseButton caseId={row.id} reference={row.reference ?? ''} />
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );

  return (
    <BundleVersionProvider bundleId={bundle.id} version={bundle.version}>
      <div className="flex flex-col gap-8">
        <p>
          <Link href="/organize/bundles" className="text-blue-800 underline">
            {t('bundles.list')}
          </Link>
        </p>
        <PageHeader title={bundle.title}>
          <p className="font-semibold" data-testid="bundle-status">
            {t(`bundles.statuses.${bundle.status}`)}
          </p>
          {!isDraft && bundle.finalizedAt && (
            <Alert>
              <p>{t('bundles.frozenNotice', { date: format.dateTime(bundle.finalizedAt, { dateStyle: 'long', timeStyle: 'short' }) })}</p>
              <p className="mt-1 font-mono text-sm break-all" data-testid="manifest-hash">
                {t('bundles.manifest', { hash: bundle.manifestSha256 ?? '' })}
              </p>
            </Alert>
          )}
          <p>
            <Link href={`/organize/bundles/${bundle.id}/preview`} className={buttonClass('secondary')}>
              {t('bundles.preview')}
            </Link>
          </p>
        </PageHeader>

        {isDraft && (
          <PageSection id="settings" title={t('bundles.settings')}>
            <BundleSettingsForm
              defaults={{
                title: bundle.title,
                addressee: bundle.addressee,
                addresseeRegionCode: bundle.addresseeRegionCode ?? '',
                themeTagId: bundle.themeTagId ?? '',
                language: bundle.language,
              }}
              regions={options(regionList)}
              themes={themes.map((th) => ({ value: th.id, label: th[locale] }))}
            />
          </PageSection>
        )}

        <PageSection id="cases" title={t('bundles.casesInBundle')}>
          {cases.length === 0 ? (
            <p>{t('bundles.noCases')}</p>
          ) : (
            <ol className="flex flex-col gap-4" data-testid="bundle-cases">
              {cases.map((c, i) => (
                <li key={c.caseId} id={`case-${c.caseId}`} className="rounded-md border border-slate-300 p-4" data-testid="bundle-case">
                  <div className="mb-3 flex flex-wrap items-center justify-between gap-3">
                    <p className="text-lg font-bold">
                      {i + 1}. {c.row.reference} — {regionName(c.row.regionCode, locale)}
                    </p>
                    <Link href={`/review/cases/${c.caseId}`} className="text-blue-800 underline">
                      {t('bundles.openCase')}
                    </Link>
                  </div>
                  {isDraft ? (
                    <div className="flex flex-col gap-3">
                      <CaseControls caseId={c.caseId} reference={c.row.reference ?? ''} isFirst={i === 0} isLast={i === cases.length - 1} />
                      <SummaryForm caseId={c.caseId} reference={c.row.reference ?? ''} summary={c.summary} />
                    </div>
                  ) : (
                    <p className="break-words whitespace-pre-wrap">{c.summary}</p>
                  )}
                </li>
              ))}
            </ol>
          )}
        </PageSection>

        {isDraft && candidates && (
          <PageSection id="add" title={t('bundles.addCases')}>
            <p className="mb-3">{t('bundles.addHint')}</p>
            {suggestions.length > 0 && (
              <div className="mb-6">
                <h3 className="mb-2 text-lg font-bold">{t('bundles.suggestions')}</h3>
                {candidateTable(suggestions, t('bundles.suggestionsTable'))}
              </div>
            )}
            <form method="get" role="search" aria-label={t('bundles.addCases')} className="mb-4 grid gap-3 rounded-md border border-slate-300 p-4 sm:grid-cols-2 lg:grid-cols-5">
              <SelectField label={t('queue.tag')} name="tag" defaultValue={filter.tag ?? ''} placeholder={t('queue.any')} options={themes.map((th) => ({ value: th.slug, label: th[locale] }))} />
              <SelectField label={t('bundles.region')} name="region" defaultValue={filter.region ?? ''} placeholder={t('queue.any')} options={options(regionList)} />
              <SelectField label={t('queue.kind')} name="kind" defaultValue={filter.kind ?? ''} placeholder={t('queue.any')} options={options(caseKindList)} />
              <SelectField label={t('queue.ground')} name="ground" defaultValue={filter.ground ?? ''} placeholder={t('queue.any')} options={options(groundList)} />
              <TextField label={t('bundles.minScore')} name="minScore" type="number" inputMode="numeric" min={0} max={100} defaultValue={filter.minScore !== undefined ? String(filter.minScore) : ''} />
              <div className="sm:col-span-2 lg:col-span-5">
                <button type="submit" className={buttonClass('secondary')}>
                  {t('bundles.filter')}
                </button>
              </div>
            </form>
            {candidates.rows.length === 0 ? <p>{t('bundles.noCandidates')}</p> : candidateTable(candidates.rows, t('bundles.candidates'))}
            <Pagination
              page={candidates.page}
              pageCount={candidates.pageCount}
              pathname={`/organize/bundles/${bundle.id}`}
              query={{ tag: filter.tag, region: filter.region, kind: filter.kind, ground: filter.ground, minScore: filter.minScore !== undefined ? String(filter.minScore) : undefined }}
            />
          </PageSection>
        )}

        <PageSection id="cover-letter" title={t('bundles.coverLetter')}>
          {isDraft ? <CoverLetterForm coverLetter={bundle.coverLetter} template={template} /> : <p className="break-words whitespace-pre-wrap">{bundle.coverLetter}</p>}
        </PageSection>

        {isDraft ? (
          <PageSection id="finalize" title={t('bundles.finalize')}>
            {gaps.length > 0 && (
              <div className="mb-4 rounded-md border border-amber-400 bg-amber-50 p-4" data-testid="gaps">
                <h3 className="mb-2 font-bold">{t('bundles.gapsTitle')}</h3>
                <ul className="list-disc ps-6">
                  {gaps.map((gap) => (
                    <li key={`${gap.caseId}-${gap.key}`}>
                      {gap.caseId ? (
                        gap.key === 'noSummary' ? (
                          <a href={`#case-${gap.caseId}`} className="text-blue-800 underline">
                            {t(`bundles.gaps.${gap.key}`, { reference: gap.reference ?? '' })}
                          </a>
                        ) : (
                          <span>{t(`bundles.gaps.${gap.key}`, { reference: gap.reference ?? '' })}</span>
                        )
                      ) : (
                        <a href={gap.key === 'noCases' ? '#add' : '#cover-letter'} className="text-blue-800 underline">
                          {t(`bundles.gaps.${gap.key}`, { reference: '' })}
                        </a>
                      )}{' '}
                      {gap.caseId && gap.key !== 'noSummary' && (
                        <Link href={`/review/cases/${gap.caseId}`} className="text-blue-800 underline">
                          {t('bundles.openCase')}
                        </Link>
                      )}
                    </li>
                  ))}
                </ul>
              </div>
            )}
            <FinalizeForm />
          </PageSection>
        ) : (
          <PageSection id="documents" title={t('bundles.documentsTitle')}>
            <Table caption={t('bundles.petition.annex')}>
              <TableHead columns={[t('bundles.petition.kind'), t('bundles.petition.path'), t('bundles.petition.size'), 'SHA-256']} />
              <tbody>
                {frozenDocuments.map((d) => (
                  <tr key={d.documentId}>
                    <td className={td}>{documentKindName(d.kind, locale)}</td>
                    <th scope="row" className={`${td} font-mono text-sm`}>{d.path}</th>
                    <td className={`${td} whitespace-nowrap`}>{format.number(Math.ceil(d.sizeBytes / 1024))} KB</td>
                    <td className={`${td} min-w-72 font-mono text-xs break-all`}>{d.sha256}</td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </PageSection>
        )}
        {record && (
          <BundleRecord
            bundle={bundle}
            cases={cases}
            record={record}
            missing={missing}
            exportFailed={typeof query.exportFailed === 'string'}
            documentCount={frozenDocuments.length}
            documentBytes={frozenDocuments.reduce((sum, d) => sum + d.sizeBytes, 0)}
            locale={locale}
          />
        )}
      </div>
    </BundleVersionProvider>
  );
}
