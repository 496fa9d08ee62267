/**
 * A per-process memo for reads many visitors repeat (a petition's count, the open statistics):
 * within `ttlMs` every caller gets the same answer, and callers arriving while it is being fetched
 * wait for that one query instead of sending their own. A failed load is not remembered. Only for
 * data every caller may see.
 */
export type Memoized<K, V> = ((key: K, now?: number) => Promise<V>) & { forget: (key: K) => void };

export function memoize<K, V>(ttlMs: number, load: (key: K) => Promise<V>, maxEntries = 1000): Memoized<K, V> {
  const entries = new Map<K, { value: Promise<V>; expires: number }>();
  const read = (key: K, now = Date.now()) => {
    const hit = entries.get(key);
    if (hit && hit.expires > now) return hit.value;
    // Unbounded keys (slugs typed by anyone) must not grow the map without end.
    if (entries.size >= maxEntries) entries.clear();
    const value = load(key);
    entries.set(key, { value, expires: now + ttlMs });
    value.catch(() => {
      if (entries.get(key)?.value === value) entries.delete(key);
    });
    return value;
  };
  return Object.assign(read, { forget: (key: K) => void entries.delete(key) });
}
