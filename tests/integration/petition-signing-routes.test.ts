import crypto from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { getDb } from '@/db/client';
import { petitions } from '@/db/schema';
import { POST as confirmRoute } from '@/app/api/petitions/confirmations/route';
import { GET as countRoute } from '@/app/api/petitions/[slug]/count/route';
import { POST as signRoute } from '@/app/api/petitions/[slug]/signatures/route';

// Every request of this file comes from one address, chosen per test.
const ip = vi.hoisted(() => ({ current: '10.1.0.1' }));
vi.mock('@/lib/auth/session', () => ({ requestIp: vi.fn(async () => ip.current) }));

async function openPetition(status: 'open' | 'closed' = 'open'): Promise<string> {
  const slug = `route-${crypto.randomBytes(5).toString('hex')}`;
  await getDb().insert(petitions).values({
    slug,
    status,
    titleKk: 'Петиция',
    titleRu: 'Петиция',
    titleEn: 'Petition',
    bodyKk: 'Мәтін',
    bodyRu: 'Текст',
    bodyEn: 'Text',
    addressee: 'Президенту',
    signatureGoal: 100,
  });
  return slug;
}

const sign = (slug: string, body: unknown, raw = false) =>
  signRoute(
    new Request(`http://localhost/api/petitions/${slug}/signatures?locale=kk`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw ? (body as string) : JSON.stringify(body) }),
    { params: Promise.resolve({ slug }) },
  );
const person = () => ({ name: 'Ерлан Жақсыбеков', email: `${crypto.randomBytes(6).toString('hex')}@example.kz`, regionCode: 'astana', isPublic: false });

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('the signing routes', () => {
  it('answer bad input with 422 and field errors, garbage with 400, never a 500', async () => {
    const slug = await openPetition();
    ip.current = '10.1.0.2';
    const invalid = await sign(slug, { name: '', email: 'x', regionCode: 'nowhere' });
    expect(invalid.status).toBe(422);
    await expect(invalid.json()).resolves.toMatchObject({ ok: false, fieldErrors: { name: ['validation.required'], email: ['validation.emailInvalid'], regionCode: ['validation.chooseYourRegion'] } });
    for (const garbage of ['{not json', '"a string"', 'x'.repeat(20_000)]) expect((await sign(slug, garbage, true)).status).toBe(400);
    expect((await sign(slug, [1, 2, 3])).status).toBe(422);
    expect((await sign('no-such-petition', person())).status).toBe(404);
    const closed = await sign(await openPetition('closed'), person());
    expect(closed.status).toBe(409);
    await expect(closed.json()).resolves.toMatchObject({ formError: 'publicPetitions.sign.closed' });
    const bad = await confirmRoute(new Request('http://localhost/api/petitions/confirmations', { method: 'POST', body: '{"token": 42}' }));
    expect(bad.status).toBe(400);
    const forged = await confirmRoute(new Request('http://localhost/api/petitions/confirmations', { method: 'POST', body: JSON.stringify({ token: 'A'.repeat(43) }) }));
    expect(forged.status).toBe(409);
    await expect(forged.json()).resolves.toEqual({ ok: false, reason: 'invalid' });
  });

  it('answer a burst from one address with 429 and Retry-After once the limit is reached', async () => {
    vi.stubEnv('PETITION_SIGN_PER_IP_PER_MINUTE', '3');
    const slug = await openPetition();
    ip.current = `10.1.${crypto.randomInt(255)}.${crypto.randomInt(255)}`;
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push(await sign(slug, person()));
    expect(statuses.map((r) => r.status)).toEqual([200, 200, 200, 429, 429]);
    const refused = statuses[3]!;
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    await expect(refused.json()).resolves.toMatchObject({ ok: false, reason: 'limited', retryAfterSeconds: retryAfter });
  });

  it('serve the count for caches, and 404 for a draft', async () => {
    const slug = await openPetition();
    const response = await countRoute(new Request(`http://localhost/api/petitions/${slug}/count`), { params: Promise.resolve({ slug }) });
    expect(response.headers.get('cache-control')).toBe('public, max-age=5, stale-while-revalidate=30, no-transform');
    await expect(response.json()).resolves.toEqual({ count: 0, goal: 100, status: 'open' });
    const draft = `draft-${crypto.randomBytes(4).toString('hex')}`;
    await getDb().insert(petitions).values({ slug: draft, titleKk: 't', titleRu: 't', titleEn: 't', bodyKk: 'b', bodyRu: 'b', bodyEn: 'b', addressee: 'a', signatureGoal: 1 });
    expect((await countRoute(new Request('http://localhost/x'), { params: Promise.resolve({ slug: draft }) })).status).toBe(404);
  });
});
