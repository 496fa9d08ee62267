import 'server-only';
import { and, asc, eq, inArray, sql, type AnyColumn } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { petitions, signatures } from '@/db/schema';
import type { Locale } from '@/lib/i18n/locales';
import { PAGE_SIZE, pageOf, type Page } from '@/lib/pagination';
import { memoize } from '@/lib/memo';
import { publicStatus, takesSignatures, type PublicPetitionStatus } from './signing-window';

/*
 * Reads for visitors. There is no acting user and no assertCan here: everything returned is public
 * by design (an opened petition's text, goal, dates and confirmed total), and every query keeps
 * drafts out in its WHERE clause, so an unpublished text never leaves the database. Of the signers,
 * only aggregates by region and, for those who agreed to it, a first name and region are read.
 * Reads a spike of visitors repeats are memoized for a second or a few (./memo.ts).
 */

/** The "takes signatures" rule lives in ./signing-window.ts (no 'server-only': background work uses it too). */
export { publicStatus, takesSignatures, type PublicPetitionStatus };

export type PublicPetitionSummary = {
  slug: string;
  title: string;
  /** The language `title` is in: the requested one, or Russian when that translation is empty. */
  titleLocale: Locale;
  status: PublicPetitionStatus;
  signatureGoal: number;
  confirmedCount: number;
  opensAt: Date | null;
  /** Open: the last day to sign, if set. Closed: when it closed (null when closed early by hand). */
  closesAt: Date | null;
};

export type PublicPetition = PublicPetitionSummary & {
  id: string;
  /** Markdown; render it with components/markdown (no raw HTML). */
  body: string;
  bodyLocale: Locale;
  addressee: string;
};

const publishedStatuses = ['open', 'closed'] as const;

/**
 * The public total: confirmations folded in by the batched counter (./counter.ts), a few seconds
 * behind at most. Unconfirmed signatures never count.
 */
const confirmedCount = petitions.confirmedCount;

/** A closing date still ahead of a petition closed early by hand says nothing true: hide it. */
const closesAt = sql<Date | null>`case when ${petitions.status} = 'closed' and ${petitions.closesAt} > now() then null else ${petitions.closesAt} end`.mapWith(petitions.closesAt);

const titles = { kk: petitions.titleKk, ru: petitions.titleRu, en: petitions.titleEn } satisfies Record<Locale, AnyColumn>;
const bodies = { kk: petitions.bodyKk, ru: petitions.bodyRu, en: petitions.bodyEn } satisfies Record<Locale, AnyColumn>;

/** The text in `locale`, or the Russian one (always filled in) when that translation is empty. */
function inLocale(text: string, russian: string, locale: Locale): { text: string; locale: Locale } {
  return text.trim() ? { text, locale } : { text: russian, locale: 'ru' };
}

/**
 * Open petitions first (most recently opened first), then closed ones (most recently closed
 * first), a page of PAGE_SIZE at a time, with titles in `locale` and confirmed totals.
 */
export async function listPublicPetitions(page: number, locale: Locale): Promise<Page<PublicPetitionSummary>> {
  const db = getDb();
  const rows = await db
    .select({
      slug: petitions.slug,
      title: titles[locale],
      titleRu: petitions.titleRu,
      status: publicStatus,
      signatureGoal: petitions.signatureGoal,
      confirmedCount,
      opensAt: petitions.opensAt,
      closesAt,
      total: sql<number>`count(*) over ()::int`,
    })
    .from(petitions)
    .where(inArray(petitions.status, publishedStatuses))
    .orderBy(
      sql`case when ${publicStatus} = 'open' then 0 else 1 end`,
      sql`case when ${publicStatus} = 'open' then coalesce(${petitions.opensAt}, ${petitions.createdAt}) else coalesce(${closesAt}, ${petitions.updatedAt}) end desc`,
      asc(petitions.slug),
    )
    .limit(PAGE_SIZE)
    .offset((page - 1) * PAGE_SIZE);
  // Past the last page the window count is missing; ask for it so the pager still shows the way back.
  const total =
    rows[0]?.total ??
    (page > 1
      ? ((await db.select({ n: sql<number>`count(*)::int` }).from(petitions).where(inArray(petitions.status, publishedStatuses)))[0]?.n ?? 0)
      : 0);
  return pageOf(
    rows.map((row) => {
      const shown = inLocale(row.title, row.titleRu, locale);
      return {
        slug: row.slug,
        title: shown.text,
        titleLocale: shown.locale,
        status: row.status,
        signatureGoal: row.signatureGoal,
        confirmedCount: row.confirmedCount,
        opensAt: row.opensAt,
        closesAt: row.closesAt,
      };
    }),
    total,
    page,
  );
}

/**
 * Whether `slug` (from a URL) could name a petition. Slugs are short, and PostgreSQL text cannot
 * hold U+0000 (a query carrying one fails): anything else is simply not found, without a query.
 */
export function isPossibleSlug(slug: string): boolean {
  return slug.length <= 200 && !slug.includes('\u0000');
}

/** The petition at `slug` in `locale`, or null when there is none or it is still a draft. */
export async function getPublicPetition(slug: string, locale: Locale): Promise<PublicPetition | null> {
  if (!isPossibleSlug(slug)) return null;
  const [row] = await getDb()
    .select({
      id: petitions.id,
      slug: petitions.slug,
      status: publicStatus,
      title: titles[locale],
      titleRu: petitions.titleRu,
      body: bodies[locale],
      bodyRu: petitions.bodyRu,
      addressee: petitions.addressee,
      signatureGoal: petitions.signatureGoal,
      confirmedCount,
      opensAt: petitions.opensAt,
      closesAt,
    })
    .from(petitions)
    .where(and(eq(petitions.slug, slug), inArray(petitions.status, publishedStatuses)));
  if (!row) return null;
  const { title, titleRu, body, bodyRu, ...rest } = row;
  const shownTitle = inLocale(title, titleRu, locale);
  const shownBody = inLocale(body, bodyRu, locale);
  return { ...rest, title: shownTitle.text, titleLocale: shownTitle.locale, body: shownBody.text, bodyLocale: shownBody.locale };
}

export type PublicCount = { count: number; goal: number; status: PublicPetitionStatus };

const loadCount = memoize(1000, async (slug: string): Promise<PublicCount | null> => {
  if (!isPossibleSlug(slug)) return null;
  const [row] = await getDb()
    .select({ count: petitions.confirmedCount, goal: petitions.signatureGoal, status: publicStatus })
    .from(petitions)
    .where(and(eq(petitions.slug, slug), inArray(petitions.status, publishedStatuses)));
  return row ?? null;
});

/** The confirmed count of a published petition (null for drafts and unknown slugs), at most a second old. */
export function publicCount(slug: string): Promise<PublicCount | null> {
  return loadCount(slug);
}

export type RegionCount = { regionCode: string; count: number };

/**
 * Confirmed signatures per region, largest first. One aggregate over the petition's confirmed
 * signatures; memoized for 10 s, as it moves slowly and costs more than the count.
 */
export const regionBreakdown = memoize(10_000, async (petitionId: string): Promise<RegionCount[]> => {
  const rows = await getDb()
    .select({ regionCode: sql<string>`coalesce(${signatures.regionCode}, '')`, count: sql<number>`count(*)::int` })
    .from(signatures)
    .where(and(eq(signatures.petitionId, petitionId), sql`${signatures.confirmedAt} is not null`))
    .groupBy(sql`1`)
    .orderBy(sql`2 desc`, sql`1`);
  return rows.filter((r) => r.regionCode !== '');
});

export type PublicSigner = { firstName: string; regionCode: string | null; confirmedAt: Date };

/** The first word of a name: all the public sees of a signer who agreed to be shown. */
export function firstNameOf(name: string): string {
  return name.trim().split(/\s+/)[0] ?? '';
}

/** The latest confirmed signers who agreed to be shown: first name and region only. */
export const latestPublicSigners = memoize(5000, async (petitionId: string): Promise<PublicSigner[]> => {
  const rows = await getDb()
    .select({ name: signatures.name, regionCode: signatures.regionCode, confirmedAt: signatures.confirmedAt })
    .from(signatures)
    .where(and(eq(signatures.petitionId, petitionId), eq(signatures.isPublic, true), sql`${signatures.confirmedAt} is not null`))
    .orderBy(sql`${signatures.confirmedAt} desc`)
    .limit(10);
  return rows.map((r) => ({ firstName: firstNameOf(r.name), regionCode: r.regionCode, confirmedAt: r.confirmedAt! }));
});
