import crypto from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { petitions, signatures } from '@/db/schema';
import { PAGE_SIZE } from '@/lib/pagination';
import { flushCounts } from '@/lib/petitions/counter';
import { getPublicPetition, listPublicPetitions } from '@/lib/petitions/public';

const DAY = 86_400_000;
const daysFromNow = (days: number) => new Date(Date.now() + days * DAY);

type PetitionOverrides = Partial<typeof petitions.$inferInsert>;

/** A petition with texts in all three languages; returns its slug. */
async function createPetition(overrides: PetitionOverrides = {}): Promise<string> {
  const slug = overrides.slug ?? `petition-${crypto.randomBytes(5).toString('hex')}`;
  await getDb()
    .insert(petitions)
    .values({
      slug,
      status: 'open',
      titleKk: `Петиция ${slug} (kk)`,
      titleRu: `Петиция ${slug} (ru)`,
      titleEn: `Petition ${slug} (en)`,
      bodyKk: '## Талап\n\n- бірінші',
      bodyRu: '## Требование\n\n- первое',
      bodyEn: '## Demand\n\n- first',
      addressee: 'Генеральному Прокурору Республики Казахстан',
      signatureGoal: 1000,
      opensAt: daysFromNow(-10),
      ...overrides,
    });
  return slug;
}

async function sign(slug: string, count: number, isConfirmed: boolean): Promise<void> {
  const [row] = await getDb().select({ id: petitions.id }).from(petitions).where(eq(petitions.slug, slug));
  await getDb()
    .insert(signatures)
    .values(
      Array.from({ length: count }, () => ({
        petitionId: row!.id,
        name: 'Подписант Тестов',
        email: `${crypto.randomBytes(6).toString('hex')}@example.kz`,
        confirmedAt: isConfirmed ? new Date() : null,
      })),
    );
}

async function allListed(locale: 'kk' | 'ru' | 'en' = 'ru') {
  const first = await listPublicPetitions(1, locale);
  const rest = await Promise.all(Array.from({ length: first.pageCount - 1 }, (_, i) => listPublicPetitions(i + 2, locale)));
  return [first, ...rest].flatMap((page) => page.rows);
}

describe('public petitions', () => {
  it('never shows a draft, in the list or at its address', async () => {
    const draft = await createPetition({ status: 'draft' });
    const open = await createPetition();
    expect(await getPublicPetition(draft, 'ru')).toBeNull();
    const slugs = (await allListed()).map((p) => p.slug);
    expect(slugs).toContain(open);
    expect(slugs).not.toContain(draft);
  });

  it('answers an unknown or absurd slug with nothing', async () => {
    expect(await getPublicPetition('no-such-petition', 'ru')).toBeNull();
    expect(await getPublicPetition('x'.repeat(5000), 'ru')).toBeNull();
  });

  it('lists open petitions first, newest first, then closed ones, most recently closed first', async () => {
    const closedLongAgo = await createPetition({ status: 'closed', opensAt: daysFromNow(-300), closesAt: daysFromNow(-200) });
    const openOld = await createPetition({ opensAt: daysFromNow(-60) });
    const closedRecently = await createPetition({ status: 'closed', opensAt: daysFromNow(-90), closesAt: daysFromNow(-2) });
    const openNew = await createPetition({ opensAt: daysFromNow(-1), closesAt: daysFromNow(30) });
    // Still "open" in the database, but its closing date has passed: visitors see it closed.
    const expired = await createPetition({ opensAt: daysFromNow(-40), closesAt: daysFromNow(-5) });

    const listed = (await allListed()).filter((p) => [closedLongAgo, openOld, closedRecently, openNew, expired].includes(p.slug));
    expect(listed.map((p) => p.slug)).toEqual([openNew, openOld, closedRecently, expired, closedLongAgo]);
    expect(listed.map((p) => p.status)).toEqual(['open', 'open', 'closed', 'closed', 'closed']);
    expect((await getPublicPetition(expired, 'ru'))?.status).toBe('closed');
  });

  it('does not give a closed petition a closing date still to come', async () => {
    const closedEarly = await createPetition({ status: 'closed', closesAt: daysFromNow(20) });
    const petition = await getPublicPetition(closedEarly, 'ru');
    expect(petition).toMatchObject({ status: 'closed', closesAt: null });
  });

  it('counts only confirmed signatures of that petition', async () => {
    const slug = await createPetition();
    const other = await createPetition();
    await sign(slug, 3, true);
    await sign(slug, 2, false);
    await sign(other, 4, true);
    // The public count is the batched counter's: nothing shows until it folds the confirmations in.
    expect((await getPublicPetition(slug, 'ru'))?.confirmedCount).toBe(0);
    await flushCounts();
    expect((await getPublicPetition(slug, 'ru'))?.confirmedCount).toBe(3);
    expect((await getPublicPetition(other, 'ru'))?.confirmedCount).toBe(4);
    const listed = await allListed();
    expect(listed.find((p) => p.slug === slug)?.confirmedCount).toBe(3);
    const unsigned = await createPetition();
    expect((await getPublicPetition(unsigned, 'ru'))?.confirmedCount).toBe(0);
  });

  it('shows the requested language and falls back to Russian where a translation is empty', async () => {
    const slug = await createPetition({ titleKk: '  ', bodyKk: '' });
    expect(await getPublicPetition(slug, 'en')).toMatchObject({ title: `Petition ${slug} (en)`, titleLocale: 'en', body: '## Demand\n\n- first', bodyLocale: 'en' });
    expect(await getPublicPetition(slug, 'kk')).toMatchObject({ title: `Петиция ${slug} (ru)`, titleLocale: 'ru', body: '## Требование\n\n- первое', bodyLocale: 'ru' });
    const listed = (await allListed('kk')).find((p) => p.slug === slug);
    expect(listed).toMatchObject({ title: `Петиция ${slug} (ru)`, titleLocale: 'ru' });
    const translated = await createPetition();
    expect(await getPublicPetition(translated, 'kk')).toMatchObject({ title: `Петиция ${translated} (kk)`, titleLocale: 'kk', bodyLocale: 'kk' });
  });

  it('pages through the list and still reports the total past the last page', async () => {
    await Promise.all(Array.from({ length: PAGE_SIZE + 1 }, () => createPetition()));
    const first = await listPublicPetitions(1, 'ru');
    expect(first.rows).toHaveLength(PAGE_SIZE);
    expect(first.pageCount).toBeGreaterThanOrEqual(2);
    const beyond = await listPublicPetitions(first.pageCount + 1, 'ru');
    expect(beyond.rows).toEqual([]);
    expect(beyond.total).toBe(first.total);
    const all = await allListed();
    expect(all).toHaveLength(first.total);
    expect(new Set(all.map((p) => p.slug)).size).toBe(first.total);
  });
});
