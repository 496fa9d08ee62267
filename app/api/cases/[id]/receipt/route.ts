import { getCurrentUser, requestIp } from '@/lib/auth/session';
import { isAppError } from '@/lib/errors';
import { isLocale } from '@/lib/i18n/locales';
import { buildFilingReceipt } from '@/lib/receipts/receipts';

export const dynamic = 'force-dynamic';

/** The filing receipt PDF. Only the applicant who filed the case gets it; everyone else 404. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const user = await getCurrentUser();
  if (!user) return Response.json({ ok: false, error: 'errors.UNAUTHENTICATED' }, { status: 401 });
  const requested = new URL(request.url).searchParams.get('locale');
  const locale = isLocale(requested) ? requested : user.locale;
  try {
    const { fileName, bytes } = await buildFilingReceipt(user, (await params).id, locale, await requestIp());
    return new Response(Buffer.from(bytes), {
      headers: {
        'Content-Type': 'application/pdf',
        'Content-Disposition': `attachment; filename="${fileName}"`,
        'Content-Length': String(bytes.byteLength),
        'Cache-Control': 'private, no-store',
      },
    });
  } catch (error) {
    if (isAppError(error) && ['NOT_FOUND', 'FORBIDDEN'].includes(error.code)) return Response.json({ ok: false, error: 'errors.NOT_FOUND' }, { status: 404 });
    throw error;
  }
}
