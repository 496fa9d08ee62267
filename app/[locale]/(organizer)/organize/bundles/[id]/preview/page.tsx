import { getTranslations } from 'next-intl/server';
import { Table, TableHead, td } from '@/components/ui/table';
import type { BundleSnapshot } from '@/db/schema';
import { requirePageAccess } from '@/lib/auth/session';
import { listBundleDocuments, loadBundle } from '@/lib/bundles/bundles';
import { petitionContent } from '@/lib/bundles/exports/content';
import { petitionOfDraft, petitionOfSnapshot } from '@/lib/bundles/petition';
import { Link } from '@/lib/i18n/navigation';
import { orNotFound } from '@/lib/pages';

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
  // The same formatted model the PDF and the DOCX print.
  const content = petitionContent(petition);
  const { labels } = content;
  return (
    <div className="flex flex-col gap-6">
      <p>
        <Link href={`/organize/bundles/${bundle.id}`} className="text-blue-800 underline">
          {t('back')}
        </Link>
      </p>
      <h1 className="text-2xl font-bold">{t('previewTitle', { title: content.title })}</h1>
      <article lang={content.language} className="flex flex-col gap-6 rounded-md border border-slate-400 bg-white p-6 shadow-sm" data-testid="petition">
        <p className="text-end font-semibold">{content.addressee}</p>
        <div className="break-words whitespace-pre-wrap">{content.coverLetter}</div>
        <div>
          <h2 id="petition-cases" className="mb-2 text-xl font-bold">
            {labels.casesTable}
          </h2>
          <Table caption={labels.casesTable}>
            <TableHead columns={[...labels.caseColumns]} />
            <tbody>
              {content.cases.map(({ cells: [number, ...rest] }) => (
                <tr key={number}>
                  <th scope="row" className={td}>
                    {number}
                  </th>
                  {rest.map((cell, i) => (
                    <td key={i} className={td}>
                      {cell}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </Table>
        </div>
        {content.cases.map((c, i) => (
          <div key={c.heading}>
            <h2 id={`petition-case-${i + 1}`} className="mb-2 text-lg font-bold">
              {c.heading}
            </h2>
            <p className="break-words whitespace-pre-wrap">{c.summary}</p>
          </div>
        ))}
        <div>
          <h2 id="petition-annex" className="mb-2 text-xl font-bold">
            {labels.annex}
          </h2>
          <Table caption={labels.annex}>
            <TableHead columns={[...labels.annexColumns]} />
            <tbody>
              {content.annex.map(([path, kind, size, sha256]) => (
                <tr key={path}>
                  <th scope="row" className={`${td} font-mono text-sm`}>
                    {path}
                  </th>
                  <td className={td}>{kind}</td>
                  <td className={`${td} whitespace-nowrap`}>{size}</td>
                  <td className={`${td} min-w-72 font-mono text-xs break-all`}>{sha256}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        </div>
        {content.manifestLine && <p className="font-mono text-sm break-all">{content.manifestLine}</p>}
      </article>
    </div>
  );
}
