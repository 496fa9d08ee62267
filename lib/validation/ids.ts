const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids come from URLs and tokens: a malformed one is simply not found (and never reaches SQL as a bad uuid). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
