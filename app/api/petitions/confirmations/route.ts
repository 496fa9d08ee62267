import { requestIp } from '@/lib/auth/session';
import { env } from '@/lib/env';
import { admit, RETRY_AFTER_SHED_SECONDS } from '@/lib/petitions/admission';
import { readJsonBody } from '@/lib/http';
import { badRequest, json, tooManyRequests } from '@/lib/petitions/http';
import { confirmSignature } from '@/lib/petitions/signing';

export const dynamic = 'force-dynamic';

/**
 * Confirms a signature with the token from its e-mail (JSON `{ token }`). 200 once confirmed; a
 * used, expired or unknown token, or a petition closed meanwhile, is 409 with the reason, and
 * nothing is counted.
 */
export async function POST(request: Request) {
  const body = (await readJsonBody(request)) as { token?: unknown } | null;
  if (!body || typeof body.token !== 'string') return badRequest();
  const token = body.token;
  const outcome = await admit(env().PETITION_MAX_IN_FLIGHT, async () => confirmSignature(token, { ip: await requestIp() }));
  if (!outcome) return tooManyRequests(RETRY_AFTER_SHED_SECONDS, 'busy');
  if (outcome.ok) return json({ ok: true, slug: outcome.slug });
  if (outcome.reason === 'rateLimited') return tooManyRequests(outcome.retryAfterSeconds);
  return json({ ok: false, reason: outcome.reason }, 409);
}
