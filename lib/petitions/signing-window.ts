import { sql } from 'drizzle-orm';
import { petitions } from '@/db/schema';
import { CLOSING_DAY_LASTS_MS } from './dates';

/*
 * The one "takes signatures" rule, in a module free of 'server-only' so that background work
 * started from instrumentation (lib/boot.ts, e.g. lib/privacy/maintenance.ts) can use it too.
 * Re-exported by ./public.ts, where the rest of the app finds it.
 */

/** What a visitor is told: a petition whose closing date has passed counts as closed at once. */
export type PublicPetitionStatus = 'open' | 'closed';

/**
 * Whether a petition takes signatures now: open, and its closing day (lib/petitions/dates.ts) not
 * over. The one rule for the public pages, signing, confirming and the open statistics; a lapsed
 * petition is closed to visitors before an organizer closes it.
 */
export const takesSignatures = sql<boolean>`(${petitions.status} = 'open' and (${petitions.closesAt} is null or ${petitions.closesAt} + ${`${CLOSING_DAY_LASTS_MS} milliseconds`}::interval > now()))`;

export const publicStatus = sql<PublicPetitionStatus>`case when ${takesSignatures} then 'open' else 'closed' end`;
