import 'server-only';
import type { Bundle, BundleSnapshot } from '@/db/schema';
import type { Locale } from '@/lib/i18n/locales';
import { addresseeText, documentPaths, snapshotCase, type BundleCaseView } from './bundles';

/** The petition as printed (preview, PDF, DOCX): one model, so all three say the same. */
export type Petition = {
  language: Locale;
  title: string;
  addressee: string;
  coverLetter: string;
  cases: BundleSnapshot['cases'];
  annex: { caseReference: string; path: string; kind: string; sizeBytes: number; sha256: string }[];
  manifestSha256: string | null;
};

/** From a draft's live data (the preview while building). */
export function petitionOfDraft(bundle: Bundle, members: BundleCaseView[]): Petition {
  const locale = bundle.language;
  return {
    language: locale,
    title: bundle.title,
    addressee: addresseeText(bundle, locale),
    coverLetter: bundle.coverLetter,
    cases: members.map((c, i) => snapshotCase(c, i + 1, locale)),
    annex: members.flatMap((c) => {
      const paths = documentPaths(c.row.reference ?? '', c.documents);
      return c.documents.map((d) => ({ caseReference: c.row.reference ?? '', path: paths.get(d.id)!, kind: d.kind, sizeBytes: d.sizeBytes, sha256: d.sha256 }));
    }),
    manifestSha256: null,
  };
}

/** From a finalized bundle's frozen snapshot and document list: what was frozen, exactly. */
export function petitionOfSnapshot(
  bundle: Bundle & { snapshot: BundleSnapshot },
  documents: { caseId: string; path: string; kind: string; sizeBytes: number; sha256: string }[],
): Petition {
  const snapshot = bundle.snapshot;
  const referenceOf = new Map(snapshot.cases.map((c) => [c.caseId, c.reference]));
  return {
    language: snapshot.language,
    title: snapshot.title,
    addressee: addresseeText(snapshot, snapshot.language),
    coverLetter: snapshot.coverLetter,
    cases: snapshot.cases,
    annex: documents.map((d) => ({ caseReference: referenceOf.get(d.caseId) ?? '', path: d.path, kind: d.kind, sizeBytes: d.sizeBytes, sha256: d.sha256 })),
    manifestSha256: bundle.manifestSha256,
  };
}
