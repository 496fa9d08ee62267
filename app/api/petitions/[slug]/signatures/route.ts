import { requestIp } from '@/lib/auth/session';
import { env } from '@/lib/env';
import { defaultLocale, isLocale } from '@/lib/i18n/locales';
import { admit, RETRY_AFTER_SHED_SECONDS } from '@/lib/petitions/admission';
import { readJsonBody } from '@/lib/http';
import { badRequest, invalid, json, tooManyRequests } from '@/lib/petitions/http';
import { signPetition } from '@/lib/petitions/signing';
import type { SignatureInput } from '@/lib/validation/signatures';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ slug: string }> };

/**
 * Signs a petition: JSON in, JSON out, so the form can show each error beside its field and a
 * 429 can carry Retry-After (a server action cannot set a status). `?locale=` picks the
 * language of the confirmation e-mail.
 */
export async function POST(request: Request, { params }: Context) {
  const { slug } = await params;
  const body = await readJsonBody(request);
  if (!body || typeof body !== 'object') return badRequest();
  const requested = new URL(request.url).searchParams.get('locale') ?? '';
  const locale = isLocale(requested) ? requested : defaultLocale;
  let outcome;
  try {
    outcome = await admit(env().PETITION_MAX_IN_FLIGHT, async () => signPetition(slug, body as SignatureInput, { ip: await requestIp(), locale }));
  } catch (error) {
    return invalid(error);
  }
  if (!outcome) return tooManyRequests(RETRY_AFTER_SHED_SECONDS, 'busy');
  if (outcome.ok) return json({ ok: true });
  switch (outcome.reason) {
    case 'rateLimited':
      return tooManyRequests(outcome.retryAfterSeconds);
    case 'notFound':
      return json({ ok: false, formError: 'errors.NOT_FOUND' }, 404);
    case 'closed':
      return json({ ok: false, formError: 'publicPetitions.sign.closed' }, 409);
    case 'notYetOpen':
      return json({ ok: false, formError: 'publicPetitions.sign.notYetOpen', opensAt: outcome.opensAt.toISOString() }, 409);
  }
}
