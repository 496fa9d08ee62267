import type { ReactNode } from 'react';

/** A titled region of a page: a landmark named by its own heading, and the target of `#id` links. */
export function PageSection({ id, title, children }: { id: string; title: ReactNode; children: ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-title`} className="flex scroll-mt-4 flex-col gap-3">
      <h2 id={`${id}-title`} className="text-xl font-bold text-slate-950 sm:text-2xl">
        {title}
      </h2>
      {children}
    </section>
  );
}
