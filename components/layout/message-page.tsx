import { Link } from '@/lib/i18n/navigation';

/** A page that only explains something (403, 404) and offers the way home. */
export function MessagePage({ title, body, homeLabel, testId }: { title: string; body: string; homeLabel: string; testId: string }) {
  return (
    <div className="flex flex-col gap-4" data-testid={testId}>
      <h1 className="text-2xl font-bold text-slate-950">{title}</h1>
      <p className="text-slate-800">{body}</p>
      <p>
        <Link href="/" className="text-blue-800 underline">
          {homeLabel}
        </Link>
      </p>
    </div>
  );
}
