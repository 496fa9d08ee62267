import 'server-only';
import { and, asc, desc, eq, isNotNull, sql } from 'drizzle-orm';
import { getDb, type Db } from '@/db/client';
import { signatures } from '@/db/schema';
import { assertCan, type CurrentUser } from '@/lib/authz';
import { getPetitionForOrganizer } from './queries';

/** How many days the per-day table shows: two months of a campaign, readable on one screen. */
export const SIGNATURE_DAYS_SHOWN = 60;

export type SignatureStatistics = {
  confirmed: number;
  /** Signed but the e-mailed link not (yet) followed: these do not count. */
  unconfirmed: number;
  /** Days in Kazakhstan ("YYYY-MM-DD"), newest first: the latest days with confirmations, at most SIGNATURE_DAYS_SHOWN. */
  byDay: { day: string; count: number }[];
  /** Whether earlier days with confirmations were left out of `byDay`. */
  hasEarlierDays: boolean;
  /** Confirmed signatures per region code (null: not given), most first. */
  byRegion: { regionCode: string | null; count: number }[];
};

/**
 * Confirmed signatures of a petition per day and per region, and the unconfirmed count, for its
 * organizers; counted by the database (GROUP BY), so the cost does not grow with what is sent.
 * A day is a day in Kazakhstan (Asia/Almaty), when the signer followed the link. Only days with
 * confirmations are listed: a petition closed months ago still shows its last active days.
 */
export async function getSignatureStatistics(user: CurrentUser | null, petitionId: string, db: Db = getDb()): Promise<SignatureStatistics> {
  assertCan(user, 'petition.manage');
  const petition = await getPetitionForOrganizer(user, petitionId, db);
  const ofPetition = eq(signatures.petitionId, petition.id);
  const confirmed = and(ofPetition, isNotNull(signatures.confirmedAt));
  const day = sql<string>`(${signatures.confirmedAt} at time zone 'Asia/Almaty')::date::text`;
  const count = sql<number>`count(*)::int`;

  const [totals, days, regions] = await Promise.all([
    db
      .select({
        confirmed: sql<number>`(count(*) filter (where ${signatures.confirmedAt} is not null))::int`,
        unconfirmed: sql<number>`(count(*) filter (where ${signatures.confirmedAt} is null))::int`,
      })
      .from(signatures)
      .where(ofPetition),
    db
      .select({ day, count })
      .from(signatures)
      .where(confirmed)
      .groupBy(day)
      .orderBy(desc(day))
      .limit(SIGNATURE_DAYS_SHOWN + 1),
    db
      .select({ regionCode: signatures.regionCode, count })
      .from(signatures)
      .where(confirmed)
      .groupBy(signatures.regionCode)
      .orderBy(desc(count), asc(signatures.regionCode)),
  ]);
  return {
    confirmed: totals[0]?.confirmed ?? 0,
    unconfirmed: totals[0]?.unconfirmed ?? 0,
    byDay: days.slice(0, SIGNATURE_DAYS_SHOWN),
    hasEarlierDays: days.length > SIGNATURE_DAYS_SHOWN,
    byRegion: regions,
  };
}
