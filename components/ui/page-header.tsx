import type { ReactNode } from 'react';

/** `titleLang` marks a title that is in another language than the page (a missing translation). */
export function PageHeader({ title, titleLang, lead, children }: { title: string; titleLang?: string; lead?: string; children?: ReactNode }) {
  return (
    <div className="mb-6 flex flex-col gap-2">
      <h1 lang={titleLang} className="text-2xl font-bold text-slate-950 sm:text-3xl">{title}</h1>
      {lead && <p className="max-w-3xl text-slate-800">{lead}</p>}
      {children}
    </div>
  );
}
