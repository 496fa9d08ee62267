import { getFormatter, getLocale, getTranslations } from 'next-intl/server';
import { Alert } from '@/components/ui/alert';
import { buttonClass } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
import type { Locale } from '@/lib/i18n/locales';
import { checkReceipt } from '@/lib/receipts/code';
import { publicKeyPem } from '@/lib/receipts/signing';
import { caseKindName, documentKindName, regionName } from '@/lib/reference/names';

export async function generateMetadata() {
  const t = await getTranslations('verify');
  return { title: t('title') };
}

/**
 * Public receipt check. A plain GET form, so it works without JavaScript; it reads no database
 * and shows only what the signed code itself contains.
 */
export default async function VerifyPage({ searchParams }: { searchParams: Promise<{ code?: string }> }) {
  const t = await getTranslations();
  const locale = (await getLocale()) as Locale;
  const format = await getFormatter();
  const code = (await searchParams).code?.slice(0, 20_000);
  const result = code ? checkReceipt(code) : null;
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('verify.title')} lead={t('verify.lead')} />
      <form method="get" className="flex max-w-2xl flex-col gap-3">
        <label htmlFor="code" className="font-semibold text-slate-900">
          {t('verify.code')}
        </label>
        <textarea id="code" name="code" rows={6} defaultValue={code} required className="rounded-md border border-slate-500 bg-white p-3 font-mono text-sm break-all" />
        <div>
          <button type="submit" className={buttonClass('primary')}>
            {t('verify.submit')}
          </button>
        </div>
      </form>
      {result?.status === 'malformed' && <Alert tone="error">{t('verify.malformed')}</Alert>}
      {result?.status === 'invalid' && <Alert tone="error">{t('verify.invalid')}</Alert>}
      {result?.status === 'genuine' && (
        <div className="flex flex-col gap-3" data-testid="receipt-genuine">
          <Alert tone="success">{t('verify.genuine')}</Alert>
          <dl className="grid max-w-3xl gap-x-4 gap-y-2 sm:grid-cols-[minmax(10rem,auto)_1fr]">
            <dt className="font-semibold">{t('receipt.reference')}</dt>
            <dd>{result.facts.reference}</dd>
            <dt className="font-semibold">{t('receipt.submittedAt')}</dt>
            <dd>{format.dateTime(new Date(result.facts.submittedAt), { dateStyle: 'long', timeStyle: 'long' })}</dd>
            <dt className="font-semibold">{t('receipt.kind')}</dt>
            <dd>{caseKindName(result.facts.kind, locale)}</dd>
            <dt className="font-semibold">{t('receipt.region')}</dt>
            <dd>{regionName(result.facts.region, locale)}</dd>
            <dt className="font-semibold">{t('receipt.court')}</dt>
            <dd>{result.facts.court}</dd>
            <dt className="font-semibold">{t('receipt.caseNumber')}</dt>
            <dd>{result.facts.caseNumber}</dd>
            <dt className="font-semibold">{t('receipt.judgmentDate')}</dt>
            <dd>{result.facts.judgmentDate}</dd>
            <dt className="font-semibold">{t('receipt.documents', { count: result.facts.documents.length })}</dt>
            <dd>
              <ul className="flex flex-col gap-1">
                {result.facts.documents.map((d) => (
                  <li key={d.sha256 + d.name}>
                    {documentKindName(d.kind, locale)}: {d.name}
                    <span className="block font-mono text-xs break-all text-slate-700">SHA-256 {d.sha256}</span>
                  </li>
                ))}
              </ul>
            </dd>
          </dl>
        </div>
      )}
      <details className="max-w-3xl">
        <summary className="cursor-pointer font-semibold">{t('verify.publicKey')}</summary>
        <pre className="mt-2 overflow-x-auto rounded-md bg-slate-100 p-3 text-xs">{publicKeyPem()}</pre>
      </details>
    </div>
  );
}
