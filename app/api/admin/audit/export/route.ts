import { getCurrentUser, requestIp } from '@/lib/auth/session';
import { exportAuditEvents } from '@/lib/audit/export';
import { recordDenial } from '@/lib/audit/record';
import { isAppError } from '@/lib/errors';
import { attachmentNamed, download, failure, statusOf } from '@/lib/http';
import { isLocale } from '@/lib/i18n/locales';
import { parseAuditFilter } from '@/lib/validation/audit';

export const dynamic = 'force-dynamic';

/**
 * Downloads the audit events matching the page's filters (the same query parameters) as CSV,
 * streamed. `?locale=` picks the language of the header row; otherwise the admin's.
 */
export async function GET(request: Request) {
  const user = await getCurrentUser();
  if (!user) return failure(401, 'errors.UNAUTHENTICATED');
  const params = new URL(request.url).searchParams;
  const requested = params.get('locale');
  const ip = await requestIp();
  try {
    const { filter } = parseAuditFilter(Object.fromEntries(params));
    const file = await exportAuditEvents(user, filter, { ip, locale: isLocale(requested) ? requested : user.locale });
    return download(file.body, { contentType: file.contentType, disposition: attachmentNamed(file.filename) });
  } catch (error) {
    await recordDenial(user.id, ip, error);
    if (isAppError(error)) return failure(statusOf(error), error.messageKey);
    console.error('Audit export failed:', error instanceof Error ? error.message : 'unknown error');
    return failure(500, 'audit.exportFailed');
  }
}
