import crypto from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { getDb, openPostgres, type Db } from '@/db/client';
import { mailboxMessages, petitions, rateLimitHits, signatures } from '@/db/schema';
import { counterTick, flushCounts, recountAll } from '@/lib/petitions/counter';
import { getPublicPetition, latestPublicSigners, regionBreakdown } from '@/lib/petitions/public';
import { confirmSignature, signPetition, tokenState } from '@/lib/petitions/signing';
import { hitLimits } from '@/lib/limits';
import { deliverMail } from '../support/mail';

const DAY = 86_400_000;

async function createPetition(overrides: Partial<typeof petitions.$inferInsert> = {}): Promise<{ id: string; slug: string }> {
  const slug = overrides.slug ?? `sign-${crypto.randomBytes(5).toString('hex')}`;
  const [row] = await getDb()
    .insert(petitions)
    .values({
      slug,
      status: 'open',
      titleKk: 'Арнайы комиссия құру туралы',
      titleRu: 'О создании специальной комиссии',
      titleEn: 'For a special commission',
      bodyKk: 'Мәтін',
      bodyRu: 'Текст',
      bodyEn: 'Text',
      addressee: 'Президенту Республики Казахстан',
      signatureGoal: 1000,
      opensAt: new Date(Date.now() - 10 * DAY),
      ...overrides,
    })
    .returning({ id: petitions.id });
  return { id: row!.id, slug };
}

const signer = (email = `${crypto.randomBytes(6).toString('hex')}@example.kz`) => ({ name: 'Айгүл Серікқызы', email, regionCode: 'almaty_city', isPublic: true });

/** The token of the last confirmation link mailed to `email`. */
async function lastLink(email: string): Promise<{ token: string; subject: string; locale: string }> {
  await deliverMail();
  const [mail] = await getDb().select().from(mailboxMessages).where(eq(mailboxMessages.to, email)).orderBy(desc(mailboxMessages.id)).limit(1);
  const token = /confirm\?token=([A-Za-z0-9_-]+)/.exec(mail?.text ?? '')?.[1] ?? '';
  return { token, subject: mail?.subject ?? '', locale: mail?.locale ?? '' };
}

async function mailsTo(email: string) {
  await deliverMail();
  return getDb().select().from(mailboxMessages).where(eq(mailboxMessages.to, email)).orderBy(mailboxMessages.id);
}

async function count(slug: string): Promise<number> {
  await flushCounts();
  return (await getPublicPetition(slug, 'ru'))!.confirmedCount;
}

describe('signing a petition', () => {
  it('stores an unconfirmed signature and mails a single-use link in the page language; only the confirmation counts', async () => {
    const { slug } = await createPetition();
    const person = signer();
    expect(await signPetition(slug, person, { ip: '10.0.0.1', locale: 'kk' })).toEqual({ ok: true });
    const link = await lastLink(person.email);
    expect(link.locale).toBe('kk');
    expect(link.subject).toContain('Арнайы комиссия құру туралы');
    expect(link.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The token is stored only as a hash.
    const [row] = await getDb().select().from(signatures).where(eq(signatures.email, person.email));
    expect(row!.tokenHash).not.toContain(link.token);
    expect(row!.confirmedAt).toBeNull();
    expect(await count(slug)).toBe(0);

    expect(await tokenState(link.token)).toMatchObject({ state: 'valid' });
    expect(await confirmSignature(link.token, { ip: '10.0.0.1' })).toEqual({ ok: true, slug });
    expect(await count(slug)).toBe(1);

    // The same link again: refused as already used, and nothing more is counted.
    expect(await confirmSignature(link.token, { ip: '10.0.0.1' })).toEqual({ ok: false, reason: 'confirmed' });
    expect(await count(slug)).toBe(1);
  });

  it('keeps one signature per address, compared trimmed and case-insensitively; signing again re-sends the link', async () => {
    const { slug } = await createPetition();
    const email = `${crypto.randomBytes(6).toString('hex')}@example.kz`;
    await signPetition(slug, signer(email), { ip: '10.0.0.2', locale: 'ru' });
    const first = await lastLink(email);
    await signPetition(slug, { ...signer(`  ${email.toUpperCase()} `), name: 'Айгүл Серікқызы Нұрланова' }, { ip: '10.0.0.2', locale: 'ru' });
    const second = await lastLink(email);
    expect(second.token).not.toBe(first.token);
    const rows = await getDb().select().from(signatures).where(eq(signatures.email, email));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.name).toBe('Айгүл Серікқызы Нұрланова');
    // Only the newest link works.
    expect(await confirmSignature(first.token, {})).toEqual({ ok: false, reason: 'invalid' });
    expect(await confirmSignature(second.token, {})).toEqual({ ok: true, slug });

    // Signing once more after confirming: the same answer, a mail saying it is already counted, no new link.
    expect(await signPetition(slug, signer(email), { ip: '10.0.0.2', locale: 'en' })).toEqual({ ok: true });
    const mails = await mailsTo(email);
    expect(mails).toHaveLength(3);
    expect(mails[2]!.subject).toMatch(/^You have already signed/);
    expect(mails[2]!.text).not.toContain('token=');
    expect(await getDb().select().from(signatures).where(eq(signatures.email, email))).toHaveLength(1);
    expect(await count(slug)).toBe(1);
  });

  it('counts each confirmation exactly once when many confirm at once', async () => {
    const { slug } = await createPetition();
    const people = Array.from({ length: 30 }, () => signer());
    for (const person of people) await signPetition(slug, person, { locale: 'ru' });
    const tokens = await Promise.all(people.map(async (p) => (await lastLink(p.email)).token));
    // Every link twice, all at once: 30 confirmations and 30 "already confirmed".
    const results = await Promise.all([...tokens, ...tokens].map((token) => confirmSignature(token, {})));
    expect(results.filter((r) => r.ok)).toHaveLength(30);
    expect(await count(slug)).toBe(30);
    expect(await flushCounts()).toBe(0);
  });

  it('refuses a closed petition, one past its closing day, a draft and one not yet started; the closing day itself is open', async () => {
    const today = new Date(new Date().toISOString().slice(0, 10) + 'T00:00:00Z');
    const closed = await createPetition({ status: 'closed', closesAt: new Date(Date.now() - DAY) });
    const lapsed = await createPetition({ closesAt: new Date(today.getTime() - DAY) });
    const draft = await createPetition({ status: 'draft' });
    const later = await createPetition({ opensAt: new Date(Date.now() + 3 * DAY) });
    expect(await signPetition(closed.slug, signer(), { locale: 'ru' })).toEqual({ ok: false, reason: 'closed' });
    expect(await signPetition(lapsed.slug, signer(), { locale: 'ru' })).toEqual({ ok: false, reason: 'closed' });
    expect(await signPetition(draft.slug, signer(), { locale: 'ru' })).toEqual({ ok: false, reason: 'notFound' });
    expect(await signPetition('no-such-petition', signer(), { locale: 'ru' })).toEqual({ ok: false, reason: 'notFound' });
    expect(await signPetition(later.slug, signer(), { locale: 'ru' })).toMatchObject({ ok: false, reason: 'notYetOpen' });
    const n = await getDb().select({ n: sql<number>`count(*)::int` }).from(signatures).where(sql`${signatures.petitionId} in (${closed.id}, ${lapsed.id}, ${draft.id}, ${later.id})`);
    expect(n[0]!.n).toBe(0);

    // Closing today (00:00 UTC) still takes signatures until the end of the day in Kazakhstan (19:00 UTC).
    const lastDay = await createPetition({ closesAt: today });
    const expected = Date.now() < today.getTime() + 19 * 3600_000 ? { ok: true } : { ok: false, reason: 'closed' };
    expect(await signPetition(lastDay.slug, signer(), { locale: 'ru' })).toEqual(expected);
  });

  it('does not count a confirmation that arrives after the petition closed', async () => {
    const { id, slug } = await createPetition();
    const person = signer();
    await signPetition(slug, person, { locale: 'ru' });
    const { token } = await lastLink(person.email);
    await getDb().update(petitions).set({ status: 'closed', closesAt: new Date() }).where(eq(petitions.id, id));
    expect(await tokenState(token)).toMatchObject({ state: 'closed' });
    expect(await confirmSignature(token, {})).toEqual({ ok: false, reason: 'closed' });
    expect(await count(slug)).toBe(0);
  });

  it('refuses expired, forged and malformed tokens without counting anything', async () => {
    const { slug } = await createPetition();
    const person = signer();
    await signPetition(slug, person, { locale: 'ru' });
    const { token } = await lastLink(person.email);
    await getDb().update(signatures).set({ tokenExpiresAt: new Date(Date.now() - 1000) }).where(eq(signatures.email, person.email));
    expect(await confirmSignature(token, {})).toEqual({ ok: false, reason: 'expired' });
    expect(await confirmSignature(crypto.randomBytes(32).toString('base64url'), {})).toEqual({ ok: false, reason: 'invalid' });
    expect(await confirmSignature("' or 1=1 --", {})).toEqual({ ok: false, reason: 'invalid' });
    expect(await confirmSignature('x'.repeat(100_000), {})).toEqual({ ok: false, reason: 'invalid' });
    expect(await count(slug)).toBe(0);
    // Signing again gives a new link that works.
    await signPetition(slug, person, { locale: 'ru' });
    expect(await confirmSignature((await lastLink(person.email)).token, {})).toEqual({ ok: true, slug });
  });

  it('rejects bad input field by field, with the messages the form shows', async () => {
    const { slug } = await createPetition();
    // The first message of each field, as the form shows it.
    const firstPerField = (issues: { path: PropertyKey[]; message: string }[]) => Object.fromEntries([...issues].reverse().map((i) => [i.path.join('.'), i.message]));
    const attempt = (input: object) => signPetition(slug, input as never, { locale: 'ru' }).then(() => null, (e: { issues?: { path: PropertyKey[]; message: string }[] }) => firstPerField(e.issues ?? []));
    expect(await attempt({ name: '  ', email: 'not-an-address', regionCode: 'atlantis', isPublic: false })).toEqual({
      name: 'validation.required',
      email: 'validation.emailInvalid',
      regionCode: 'validation.chooseYourRegion',
    });
    expect(await attempt({ ...signer(), name: 'Я'.repeat(101) })).toEqual({ name: 'validation.signerNameTooLong' });
    expect(await attempt({})).toMatchObject({ name: 'validation.required', email: 'validation.required' });
  });

  it('stores nothing when the honeypot is filled, yet answers as for a person', async () => {
    const { id, slug } = await createPetition();
    const person = signer();
    expect(await signPetition(slug, { ...person, website: 'http://spam.example' }, { locale: 'ru' })).toEqual({ ok: true });
    expect(await getDb().select().from(signatures).where(eq(signatures.petitionId, id))).toHaveLength(0);
    expect(await mailsTo(person.email)).toHaveLength(0);
  });
});

describe('rate limits', () => {
  const second: { db?: Db; close?: () => Promise<void> } = {};
  afterEach(async () => {
    await second.close?.();
    second.db = undefined;
    second.close = undefined;
  });

  it('hold across two app instances (two connections) and say when to retry', async () => {
    // On PostgreSQL a second pool plays the second instance; PGlite has one connection only.
    const url = process.env.TEST_DATABASE_URL;
    if (url) Object.assign(second, openPostgres(url));
    const a = getDb();
    const b = second.db ?? getDb();
    const key = `test:ip:${crypto.randomBytes(4).toString('hex')}`;
    const rule = [{ key, limit: 5, windowSeconds: 60 }];
    const now = new Date();
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => hitLimits(i % 2 ? a : b, rule, now)));
    expect(results.filter((r) => r.ok)).toHaveLength(5);
    const refused = results.find((r) => !r.ok) as { ok: false; retryAfterSeconds: number };
    expect(refused.retryAfterSeconds).toBeGreaterThan(0);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(60);
    // The next window starts afresh.
    expect(await hitLimits(b, rule, new Date(now.getTime() + 60_000))).toEqual({ ok: true });
  });

  it('refuses signing from one address past the per-address limit, and one e-mail past its own', async () => {
    const { slug } = await createPetition();
    const ip = `10.9.${crypto.randomInt(255)}.${crypto.randomInt(255)}`;
    const outcomes = [];
    for (let i = 0; i < 62; i++) outcomes.push(await signPetition(slug, signer(), { ip, locale: 'ru' }));
    expect(outcomes.slice(0, 60).every((o) => o.ok)).toBe(true);
    expect(outcomes[60]).toMatchObject({ ok: false, reason: 'rateLimited' });

    const email = `${crypto.randomBytes(6).toString('hex')}@example.kz`;
    const perEmail = [];
    for (let i = 0; i < 6; i++) perEmail.push(await signPetition(slug, signer(email), { ip: `10.8.0.${i}`, locale: 'ru' }));
    expect(perEmail.slice(0, 5).every((o) => o.ok)).toBe(true);
    expect(perEmail[5]).toMatchObject({ ok: false, reason: 'rateLimited' });
    expect((await mailsTo(email)).length).toBe(5);
    // Addresses and e-mails are kept only as hashes in the limits table.
    const keys = await getDb().select({ key: rateLimitHits.key }).from(rateLimitHits);
    expect(keys.some((k) => k.key.includes(ip) || k.key.includes(email))).toBe(false);
  });
});

describe('the batched counter', () => {
  it('folds confirmations in with one counter update per petition, and a recount heals drift', async () => {
    const one = await createPetition();
    const two = await createPetition();
    const insert = (petitionId: string, n: number) =>
      getDb()
        .insert(signatures)
        .values(Array.from({ length: n }, () => ({ petitionId, name: 'Тест', email: `${crypto.randomBytes(6).toString('hex')}@example.kz`, confirmedAt: new Date() })));
    await insert(one.id, 7);
    await insert(two.id, 3);
    await flushCounts();
    expect((await getPublicPetition(one.slug, 'ru'))!.confirmedCount).toBe(7);
    expect((await getPublicPetition(two.slug, 'ru'))!.confirmedCount).toBe(3);

    await getDb().update(petitions).set({ confirmedCount: 1000 }).where(eq(petitions.id, one.id));
    expect(await recountAll()).toBeGreaterThanOrEqual(1);
    expect((await getPublicPetition(one.slug, 'ru'))!.confirmedCount).toBe(7);
    const tick = await counterTick();
    expect(tick).toMatchObject({ folded: 0 });
  });

  it('shows signatures by region and the latest public signers by first name only', async () => {
    const { id } = await createPetition();
    const rows = [
      { name: 'Асқар Бекұлы', regionCode: 'astana', isPublic: true },
      { name: 'Мария Иванова', regionCode: 'astana', isPublic: false },
      { name: 'Dana Sultan', regionCode: 'abai', isPublic: true },
    ];
    await getDb()
      .insert(signatures)
      .values(rows.map((r, i) => ({ ...r, petitionId: id, email: `r${i}-${crypto.randomBytes(4).toString('hex')}@example.kz`, confirmedAt: new Date(Date.now() - (3 - i) * 1000) })));
    await getDb().insert(signatures).values({ petitionId: id, name: 'Неподтверждённый Подписант', regionCode: 'abai', isPublic: true, email: `u-${crypto.randomBytes(4).toString('hex')}@example.kz` });
    expect(await regionBreakdown(id)).toEqual([
      { regionCode: 'astana', count: 2 },
      { regionCode: 'abai', count: 1 },
    ]);
    const latest = await latestPublicSigners(id);
    expect(latest.map((s) => [s.firstName, s.regionCode])).toEqual([
      ['Dana', 'abai'],
      ['Асқар', 'astana'],
    ]);
    expect(JSON.stringify(latest)).not.toMatch(/Бекұлы|Sultan|Мария|@/);
  });
});

it('keeps e-mail addresses only in their normalized form', async () => {
  const { id } = await createPetition();
  await expect(getDb().insert(signatures).values({ petitionId: id, name: 'Тест', email: 'Mixed@Example.kz' })).rejects.toThrow();
  const rows = await getDb().select().from(signatures).where(and(eq(signatures.petitionId, id)));
  expect(rows).toHaveLength(0);
});
