/**
 * A count of unread messages: the number is shown, and `label` ("3 unread messages") is what a
 * screen reader says instead. Nothing when there are none.
 */
export function UnreadBadge({ count, label }: { count: number; label: string }) {
  if (count <= 0) return null;
  return (
    <span className="ms-2 inline-flex min-w-6 items-center justify-center rounded-full bg-red-700 px-2 text-sm font-bold leading-6 text-white" data-testid="unread-badge">
      <span aria-hidden="true">{count}</span>
      <span className="sr-only">{label}</span>
    </span>
  );
}
