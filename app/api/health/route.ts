import { checkDatabase } from '@/lib/health';

export const dynamic = 'force-dynamic';

/** Liveness and database reachability, for load balancers and the test harness. */
export async function GET() {
  const isDbUp = await checkDatabase();
  return Response.json({ ok: isDbUp }, { status: isDbUp ? 200 : 503, headers: { 'Cache-Control': 'no-store' } });
}
