import { getFormatter, getTranslations } from 'next-intl/server';
import { Alert } from '@/components/ui/alert';
import { PageSection } from '@/components/ui/page-section';
import { Table, TableHead, td } from '@/components/ui/table';
import type { Bundle } from '@/db/schema';
import type { BundleCaseView } from '@/lib/bundles/bundles';
import type { MissingDocument } from '@/lib/bundles/exports';
import type { loadBundleRecord } from '@/lib/bundles/submission';
import type { Locale } from '@/lib/i18n/locales';
import { documentKindName } from '@/lib/reference/names';
import { ExportLinks } from './export-links';
import { RecordAnswerForm, SubmitBundleForm } from './submission-forms';

type Props = {
  bundle: Bundle;
  cases: BundleCaseView[];
  record: Awaited<ReturnType<typeof loadBundleRecord>>;
  missing: MissingDocument[];
  exportFailed: boolean;
  documentCount: number;
  documentBytes: number;
  locale: Locale;
};

const linkClass = 'text-blue-800 underline';

/** A finalized bundle's exports, its submission to the prosecutor and the answer. */
export async function BundleRecord({ bundle, cases, record, missing, exportFailed, documentCount, documentBytes, locale }: Props) {
  const t = await getTranslations('bundles');
  const format = await getFormatter();
  const size = (bytes: number) => (bytes >= 1024 * 1024 ? `${format.number(bytes / 1024 / 1024, { maximumFractionDigits: 1 })} MB` : `${format.number(Math.ceil(bytes / 1024))} KB`);
  const day = (iso: string) => format.dateTime(new Date(`${iso}T00:00:00Z`), { dateStyle: 'long', timeZone: 'UTC' });
  const attachmentHref = (id: string) => `/api/bundles/${bundle.id}/attachments/${id}`;
  return (
    <>
      <PageSection id="exports" title={t('export.title')}>
        <p className="mb-3">{t('export.lead')}</p>
        {missing.length > 0 ? (
          <Alert tone="error">
            <p>{t('export.missing')}</p>
            <ul className="mt-2 list-disc ps-6" data-testid="missing-documents">
              {missing.map((m) => (
                <li key={m.path}>{t('export.missingItem', { reference: m.caseReference, path: m.path, kind: documentKindName(m.kind, locale) })}</li>
              ))}
            </ul>
          </Alert>
        ) : (
          exportFailed && <Alert tone="error">{t('export.failed')}</Alert>
        )}
        <ExportLinks bundleId={bundle.id} documentCount={documentCount} documentSize={size(documentBytes)} />
        <p className="mb-4 text-sm text-slate-700">{t('export.zipHint')}</p>
        <h3 className="mb-2 text-lg font-bold">{t('export.history')}</h3>
        {record.exports.length === 0 ? (
          <p>{t('export.noHistory')}</p>
        ) : (
          <Table caption={t('export.history')}>
            <TableHead columns={[t('export.at'), t('export.format'), t('export.by'), t('export.size'), 'SHA-256']} />
            <tbody>
              {record.exports.map((e) => (
                <tr key={e.id} data-testid="export-row">
                  <th scope="row" className={`${td} whitespace-nowrap`}>
                    {format.dateTime(e.createdAt, { dateStyle: 'medium', timeStyle: 'short' })}
                  </th>
                  <td className={td}>{e.format.toUpperCase()}</td>
                  <td className={td}>{e.by}</td>
                  <td className={`${td} whitespace-nowrap`}>{size(e.sizeBytes)}</td>
                  <td className={`${td} min-w-72 font-mono text-xs break-all`}>{e.sha256}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </PageSection>

      <PageSection id="submission" title={t('submission.title')}>
        {bundle.status === 'finalized' ? (
          <SubmitBundleForm />
        ) : (
          <div className="flex flex-col gap-2" data-testid="submitted">
            <p>{t('submission.submittedNotice', { date: day(bundle.submittedOn ?? ''), number: bundle.registryNumber ?? '' })}</p>
            {record.stampedCover && (
              <p>
                <a href={attachmentHref(record.stampedCover.id)} className={linkClass}>
                  {t('submission.stampedCoverLink', { name: record.stampedCover.originalName })}
                </a>
              </p>
            )}
          </div>
        )}
      </PageSection>

      {(bundle.status === 'submitted' || bundle.status === 'answered') && (
        <PageSection id="answer" title={t('submission.answerTitle')}>
          {bundle.status === 'submitted' ? (
            <>
              <p className="mb-4">{t('submission.answerLead')}</p>
              <RecordAnswerForm cases={cases.filter((c) => c.row.status === 'filed').map((c) => ({ caseId: c.caseId, reference: c.row.reference ?? '' }))} />
            </>
          ) : (
            <div className="flex flex-col gap-3" data-testid="answered">
              <p>{t('submission.answeredNotice', { date: day(bundle.answeredOn ?? '') })}</p>
              {record.answer && (
                <p>
                  <a href={attachmentHref(record.answer.id)} className={linkClass}>
                    {t('submission.answerLink', { name: record.answer.originalName })}
                  </a>
                </p>
              )}
              <ul className="flex flex-col gap-2">
                {cases.map((c) => (
                  <li key={c.caseId} data-testid="outcome-row">
                    <span className="font-semibold">{c.row.reference}</span>: {c.outcome ? t(`outcomes.${c.outcome}`) : t('submission.notFiled')}
                    {c.outcomeNote && <p className="break-words whitespace-pre-wrap text-slate-700">{c.outcomeNote}</p>}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </PageSection>
      )}
    </>
  );
}
