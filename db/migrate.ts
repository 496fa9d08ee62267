import { sql } from 'drizzle-orm';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import path from 'node:path';
import { caseKinds, courtLevels, documentKinds, grounds, regions } from './schema';
import type { Db } from './client';
import { caseKindList, courtLevelList, documentKindList, groundList, regionList, type ReferenceItem } from '@/lib/reference/data';

export const migrationsFolder = path.resolve(process.cwd(), 'db/migrations');

/** Applies committed migrations with the migrator of the driver in use, then syncs reference data. */
export async function migrateDatabase(db: Db, driver: 'pg' | 'pglite'): Promise<void> {
  if (driver === 'pglite') await migratePglite(db as unknown as PgliteDatabase, { migrationsFolder });
  else await migratePg(db, { migrationsFolder });
  await syncReferenceData(db);
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
