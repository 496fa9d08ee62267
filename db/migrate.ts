import { and, eq, isNotNull, isNull, ne, sql } from 'drizzle-orm';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import path from 'node:path';
import { caseKinds, cases, courtLevels, documentKinds, grounds, regions, users } from './schema';
import type { Db } from './client';
import { personKey } from '@/lib/cases/names';
import { caseKindList, courtLevelList, documentKindList, groundList, regionList, type ReferenceItem } from '@/lib/reference/data';

export const migrationsFolder = path.resolve(process.cwd(), 'db/migrations');

/** Applies committed migrations with the migrator of the driver in use, then syncs reference data. */
export async function migrateDatabase(db: Db, driver: 'pg' | 'pglite'): Promise<void> {
  if (driver === 'pglite') await migratePglite(db as unknown as PgliteDatabase, { migrationsFolder });
  else await migratePg(db, { migrationsFolder });
  await syncReferenceData(db);
  await backfillPersonKeys(db);
}

/**
 * Cases submitted before migration 0001 have no person key (it is computed in TypeScript, not
 * SQL, for the transliteration). Done in batches; a no-op once every case has one.
 */
export async function backfillPersonKeys(db: Db): Promise<void> {
  for (;;) {
    const batch = await db
      .select({ id: cases.id, person: sql<string | null>`coalesce(${cases.convictedPersonName}, ${users.name})` })
      .from(cases)
      .innerJoin(users, eq(users.id, cases.applicantId))
      .where(and(isNull(cases.personKey), ne(cases.status, 'draft'), isNotNull(sql`coalesce(${cases.convictedPersonName}, ${users.name})`)))
      .limit(500);
    const keyed = batch.map((row) => ({ id: row.id, key: personKey(row.person) })).filter((row) => row.key);
    for (const row of keyed) await db.update(cases).set({ personKey: row.key }).where(eq(cases.id, row.id));
    if (batch.length < 500 || keyed.length === 0) return;
  }
}

function rows(list: ReferenceItem[]) {
  return list.map((item, i) => ({
    code: item.code,
    nameKk: item.names.kk,
    nameRu: item.names.ru,
    nameEn: item.names.en,
    sortOrder: i,
  }));
}

const upsertSet = {
  nameKk: sql`excluded.name_kk`,
  nameRu: sql`excluded.name_ru`,
  nameEn: sql`excluded.name_en`,
  sortOrder: sql`excluded.sort_order`,
};

export async function syncReferenceData(db: Db): Promise<void> {
  await db
    .insert(regions)
    .values(regionList.map((r, i) => ({ ...rows([r])[0]!, sortOrder: i, kind: r.kind })))
    .onConflictDoUpdate({ target: regions.code, set: { ...upsertSet, kind: sql`excluded.kind` } });
  for (const [table, list] of [
    [courtLevels, courtLevelList],
    [caseKinds, caseKindList],
    [grounds, groundList],
    [documentKinds, documentKindList],
  ] as const) {
    await db.insert(table).values(rows(list)).onConflictDoUpdate({ target: table.code, set: upsertSet });
  }
}
