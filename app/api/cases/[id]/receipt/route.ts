import { getCurrentUser, requestIp } from '@/lib/auth/session';
import { isAppError } from '@/lib/errors';
import { attachmentNamed, download, failure } from '@/lib/http';
import { isLocale } from '@/lib/i18n/locales';
import { buildFilingReceipt } from '@/lib/receipts/receipts';

export const dynamic = 'force-dynamic';

/** The filing receipt PDF. Only the applicant who filed the case gets it; everyone else 404. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const user = await getCurrentUser();
  if (!user) return failure(401, 'errors.UNAUTHENTICATED');
  const requested = new URL(request.url).searchParams.get('locale');
  const locale = isLocale(requested) ? requested : user.locale;
  try {
    const { fileName, bytes } = await buildFilingReceipt(user, (await params).id, locale, await requestIp());
    return download(Buffer.from(bytes), { contentType: 'application/pdf', disposition: attachmentNamed(fileName), length: bytes.byteLength });
  } catch (error) {
    if (isAppError(error) && ['NOT_FOUND', 'FORBIDDEN'].includes(error.code)) return failure(404, 'errors.NOT_FOUND');
    throw error;
  }
}
