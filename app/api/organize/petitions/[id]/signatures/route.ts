import { getCurrentUser, requestIp } from '@/lib/auth/session';
import { recordDenial } from '@/lib/audit/record';
import { isAppError } from '@/lib/errors';
import { attachmentNamed, download, failure, statusOf } from '@/lib/http';
import { isLocale } from '@/lib/i18n/locales';
import { exportSignatures } from '@/lib/petitions/signature-export';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

/**
 * Downloads a petition's confirmed signatures as CSV, streamed. `?locale=` picks the language of
 * the header and region names (the page passes its own); otherwise the organizer's.
 */
export async function GET(request: Request, { params }: Context) {
  const { id } = await params;
  const user = await getCurrentUser();
  if (!user) return failure(401, 'errors.UNAUTHENTICATED');
  const requested = new URL(request.url).searchParams.get('locale');
  const ip = await requestIp();
  try {
    const file = await exportSignatures(user, id, { ip, locale: isLocale(requested) ? requested : user.locale });
    return download(file.body, { contentType: file.contentType, disposition: attachmentNamed(file.filename) });
  } catch (error) {
    await recordDenial(user.id, ip, error);
    if (isAppError(error)) return failure(statusOf(error), error.messageKey);
    console.error('Signature export failed:', error instanceof Error ? error.message : 'unknown error');
    return failure(500, 'petitions.signatures.exportFailed');
  }
}
