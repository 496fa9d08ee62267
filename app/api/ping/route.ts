export const dynamic = 'force-dynamic';

/**
 * Liveness without the database, for load balancers (`/api/health` also checks the database).
 * The petition benchmark measures it as the framework's own ceiling on this machine.
 */
export function GET() {
  return Response.json({ ok: true }, { headers: { 'Cache-Control': 'no-store' } });
}
