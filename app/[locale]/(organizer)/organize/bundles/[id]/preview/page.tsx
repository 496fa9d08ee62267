import { getTranslations } from 'next-intl/server';
import { Table, TableHead, td } from '@/components/ui/table';
import type { BundleSnapshot } from '@/db/schema';
import { requirePageAccess } from '@/lib/auth/session';
import { listBundleDocuments, loadBundle, petitionDate } from '@/lib/bundles/bundles';
import { petitionOfDraft, petitionOfSnapshot } from '@/lib/bundles/petition';
import { translatorFor } from '@/lib/i18n/catalogs';
import { Link } from '@/lib/i18n/navigation';
import { orNotFound } from '@/lib/pages';
import { documentKindName, groundName } from '@/lib/reference/names';

export async function generateMetadata() {
  const t = await getTranslations('bundles');
  return { title: t('preview') };
}

/** The petition as it will print, in the bundle's language (not the page's). */
export default async function PetitionPreviewPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requirePageAccess('bundle.manage', `/organize/bundles/${encodeURIComponent(id)}/preview`);
  const { bundle, cases } = await orNotFound(loadBundle(user, id));
  const petition =
    bundle.status !== 'draft' && bundle.snapshot
      ? petitionOfSnapshot(bundle as typeof bundle & { snapshot: BundleSnapshot }, await listBundleDocuments(user, bundle.id))
      : petitionOfDraft(bundle, cases);
  const t = await getTranslations('bundles');
  const p = translatorFor(petition.language);
  const lang = petition.language;
  const kb = (n: number) => `${new Intl.NumberFormat(lang).format(Math.ceil(n / 1024))} KB`;
  return (
    <div className="flex flex-col gap-6">
      <p>
        <Link href={`/organize/bundles/${bundle.id}`} className="text-blue-800 underline">
          {t('back')}
        </Link>
      </p>
      <h1 className="text-2xl font-bold">{t('previewTitle', { title: petition.title })}</h1>
      <article lang={lang} className="flex flex-col gap-6 rounded-md border border-slate-400 bg-white p-6 shadow-sm" data-testid="petition">
        <p className="text-end font-semibold">{petition.addressee}</p>
        <div className="break-words whitespace-pre-wrap">{petition.coverLetter}</div>
        <div>
          <h2 id="petition-cases" className="mb-2 text-xl font-bold">
            {p('bundles.petition.casesTable')}
          </h2>
          <Table caption={p('bundles.petition.casesTable')}>
            <TableHead
              columns={[
                p('bundles.petition.number'),
                p('bundles.petition.person'),
                p('bundles.petition.court'),
                p('bundles.petition.caseNumber'),
                p('bundles.petition.date'),
                p('bundles.petition.articles'),
                p('bundles.petition.sentence'),
                p('bundles.petition.grounds'),
              ]}
            />
            <tbody>
              {petition.cases.map((c) => (
                <tr key={c.caseId}>
                  <th scope="row" className={td}>
                    {c.position}
                  </th>
                  <td className={td}>{c.personName}</td>
                  <td className={td}>{c.courtName}</td>
                  <td className={td}>{c.caseNumber}</td>
                  <td className={`${td} whitespace-nowrap`}>{petitionDate(c.judgmentDate, lang)}</td>
                  <td className={td}>{c.articles.join(', ')}</td>
                  <td className={td}>{c.sentence}</td>
                  <td className={td}>{c.grounds.map((g) => groundName(g, lang)).join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        </div>
        {petition.cases.map((c) => (
          <div key={c.caseId}>
            <h2 id={`petition-case-${c.position}`} className="mb-2 text-lg font-bold">
              {p('bundles.petition.caseSection', { number: c.position, reference: c.reference })}
            </h2>
            <p className="break-words whitespace-pre-wrap">{c.summary}</p>
          </div>
        ))}
        <div>
          <h2 id="petition-annex" className="mb-2 text-xl font-bold">
            {p('bundles.petition.annex')}
          </h2>
          <Table caption={p('bundles.petition.annex')}>
            <TableHead columns={[p('bundles.petition.path'), p('bundles.petition.kind'), p('bundles.petition.size'), 'SHA-256']} />
            <tbody>
              {petition.annex.map((d) => (
                <tr key={d.path}>
                  <th scope="row" className={`${td} font-mono text-sm`}>
                    {d.path}
                  </th>
                  <td className={td}>{documentKindName(d.kind, lang)}</td>
                  <td className={`${td} whitespace-nowrap`}>{kb(d.sizeBytes)}</td>
                  <td className={`${td} font-mono text-xs break-all`}>{d.sha256}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        </div>
        {petition.manifestSha256 && <p className="font-mono text-sm break-all">{p('bundles.manifest', { hash: petition.manifestSha256 })}</p>}
      </article>
    </div>
  );
}
