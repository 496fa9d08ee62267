/**
 * Load shedding for the public signing routes, per app instance. When more requests are already
 * being worked on than the process can finish promptly, a new one is refused at once with 429 and
 * Retry-After instead of queueing behind the others until every visitor times out: in a spike,
 * some people are asked to retry in a few seconds rather than everyone waiting ten.
 */
export const RETRY_AFTER_SHED_SECONDS = 5;

let inFlight = 0;

/** Runs `work` if fewer than `limit` requests are in flight here; otherwise returns null at once. */
export async function admit<T>(limit: number, work: () => Promise<T>): Promise<T | null> {
  if (limit > 0 && inFlight >= limit) return null;
  inFlight++;
  try {
    return await work();
  } finally {
    inFlight--;
  }
}
