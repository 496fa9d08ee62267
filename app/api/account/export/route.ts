import { getCurrentUser, requestIp } from '@/lib/auth/session';
import { recordDenial } from '@/lib/audit/record';
import { isAppError } from '@/lib/errors';
import { attachmentNamed, download, failure, statusOf } from '@/lib/http';
import { defaultLocale, isLocale } from '@/lib/i18n/locales';
import { ExportRateLimitedError, exportMyData } from '@/lib/privacy/export';

export const dynamic = 'force-dynamic';

/**
 * "Download my data": the signed-in user's data as a streamed ZIP. Over the hourly limit, a
 * browser following the page's link is sent back to the page, which says when to try again; any
 * other client gets 429 with Retry-After.
 */
export async function GET(request: Request) {
  const user = await getCurrentUser();
  if (!user) return failure(401, 'errors.UNAUTHENTICATED');
  const url = new URL(request.url);
  const requested = url.searchParams.get('locale');
  const locale = isLocale(requested) ? requested : isLocale(user.locale) ? user.locale : defaultLocale;
  const ip = await requestIp();
  try {
    const file = await exportMyData(user, { ip });
    return download(file.body, { contentType: file.contentType, disposition: attachmentNamed(file.filename) });
  } catch (error) {
    if (error instanceof ExportRateLimitedError) {
      if (request.headers.get('sec-fetch-mode') === 'navigate') {
        return Response.redirect(new URL(`/${locale}/account/privacy?exportRetryAfter=${error.retryAfterSeconds}#export`, url), 303);
      }
      return Response.json({ ok: false, error: error.messageKey, retryAfterSeconds: error.retryAfterSeconds }, { status: 429, headers: { 'Retry-After': String(error.retryAfterSeconds), 'Cache-Control': 'no-store' } });
    }
    await recordDenial(user.id, ip, error);
    if (isAppError(error)) return failure(error.code === 'UNAUTHENTICATED' ? 401 : statusOf(error), error.messageKey);
    console.error('Data export failed:', error instanceof Error ? error.message : 'unknown error');
    return failure(500, 'privacy.export.failed');
  }
}
