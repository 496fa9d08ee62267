import crypto from 'node:crypto';
import { getDb } from '@/db/client';
import { cases, caseTags, documents, tags, type Case } from '@/db/schema';
import type { CurrentUser } from '@/lib/authz';
import { reviewFieldsOf } from '@/lib/cases/intake';

export const DAY_MS = 86_400_000;

let counter = 0;

/** A fresh reference of a year no real case has yet, unique within the test file's database. */
export function nextTestReference(): string {
  counter += 1;
  return `RD-2031-${String(counter).padStart(5, '0')}`;
}

export type CaseOverrides = Partial<typeof cases.$inferInsert>;

/**
 * A case of `applicant` as submission leaves it: complete facts, a reference, the queue's
 * search text and person key (computed the way submitCase does), submitted and waiting since
 * `waitingSince` (one day ago by default). Drafts get no reference and no review fields.
 */
export async function createCase(applicant: CurrentUser, overrides: CaseOverrides = {}): Promise<Case> {
  const status = overrides.status ?? 'submitted';
  const isDraft = status === 'draft';
  const reference = isDraft ? null : (overrides.reference ?? nextTestReference());
  const waitingSince = isDraft ? null : (overrides.waitingSince ?? new Date(Date.now() - DAY_MS));
  const facts = {
    filingFor: 'self' as const,
    convictedPersonName: null as string | null,
    contactPhone: '+7 701 123 45 67',
    contactLocale: 'ru' as const,
    kind: 'criminal' as const,
    regionCode: 'almaty_city',
    courtName: 'Алмалинский районный суд г. Алматы',
    caseNumber: `1-${crypto.randomInt(100, 9999)}/2022`,
    judgmentDate: '2022-05-10',
    judgeName: 'Омаров Б.Т.',
    articles: ['190 ч.2'],
    sentenceMonths: 48,
    currentSituation: 'in_custody' as const,
    cassationFiled: true,
    cassationOutcome: 'upheld' as const,
    grounds: ['procedural_violations' as const],
    narrative: 'Осуждён на основании показаний, данных под давлением; защитник был назначен в день суда.',
    requestedRemedy: 'Пересмотреть приговор в порядке прокурорского протеста.',
    consentShareWithProsecutors: true,
    ...overrides,
  };
  const reviewFields = reference ? reviewFieldsOf(facts, reference, applicant.name) : { searchText: null, personKey: null };
  const [row] = await getDb()
    .insert(cases)
    .values({
      ...facts,
      applicantId: applicant.id,
      status,
      reference,
      submittedAt: isDraft ? null : (overrides.submittedAt ?? waitingSince),
      waitingSince,
      ...reviewFields,
      // Explicit overrides of the review fields win (e.g. a row from before they existed).
      ...(overrides.searchText !== undefined ? { searchText: overrides.searchText } : {}),
      ...(overrides.personKey !== undefined ? { personKey: overrides.personKey } : {}),
    })
    .returning();
  return row!;
}

/** A theme organizers group cases by. */
export async function createTag(slug: string): Promise<{ id: string; slug: string }> {
  const [row] = await getDb()
    .insert(tags)
    .values({ slug, nameKk: `${slug} (kk)`, nameRu: `${slug} (ru)`, nameEn: `${slug} (en)` })
    .returning({ id: tags.id, slug: tags.slug });
  return row!;
}

export async function tagCase(caseId: string, tagId: string): Promise<void> {
  await getDb().insert(caseTags).values({ caseId, tagId });
}

export type DocumentOverrides = Partial<Omit<typeof documents.$inferInsert, 'caseId'>>;

/**
 * A document row of a case (metadata only: no file is stored). The third argument is the kind
 * (a judgment by default) or overrides of any column (kind, content type, size, hash, time).
 */
export async function createDocument(
  caseId: string,
  uploaderId: string,
  kindOrOverrides: typeof documents.$inferInsert.kind | DocumentOverrides = 'judgment',
): Promise<{ id: string }> {
  const overrides = typeof kindOrOverrides === 'string' ? { kind: kindOrOverrides } : kindOrOverrides;
  const kind = overrides.kind ?? 'judgment';
  const [row] = await getDb()
    .insert(documents)
    .values({
      caseId,
      kind,
      originalName: `${kind}.pdf`,
      contentType: 'application/pdf',
      sizeBytes: 1024,
      sha256: crypto.randomBytes(32).toString('hex'),
      storageKey: `test/${crypto.randomUUID()}`,
      uploaderId,
      ...overrides,
    })
    .returning({ id: documents.id });
  return row!;
}
