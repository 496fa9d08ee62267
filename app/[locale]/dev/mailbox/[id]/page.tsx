import { getFormatter, getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/ui/page-header';
import { Link } from '@/lib/i18n/navigation';
import { getMailboxMessage } from '@/lib/mail/mailbox';
import { orNotFound } from '@/lib/pages';

/** One kept e-mail, shown as its text part with links made clickable. */
export default async function MailboxMessagePage({ params }: { params: Promise<{ id: string }> }) {
  const mail = await orNotFound(getMailboxMessage(Number((await params).id)));
  const t = await getTranslations('mailbox');
  const format = await getFormatter();
  const parts = mail.text.split(/(https?:\/\/\S+)/g);
  return (
    <div className="flex flex-col gap-4">
      <p>
        <Link href="/dev/mailbox" className="text-blue-800 underline">
          {t('back')}
        </Link>
      </p>
      <PageHeader title={mail.subject} />
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
        <dt className="font-semibold">{t('to')}</dt>
        <dd>{mail.to}</dd>
        <dt className="font-semibold">{t('received')}</dt>
        <dd>{format.dateTime(mail.createdAt, { dateStyle: 'medium', timeStyle: 'medium' })}</dd>
      </dl>
      <article lang={mail.locale} className="rounded-md border border-slate-300 p-4 break-words whitespace-pre-wrap" data-testid="mail-body">
        {parts.map((part, i) =>
          /^https?:\/\//.test(part) ? (
            <a key={i} href={part} className="text-blue-800 underline">
              {part}
            </a>
          ) : (
            part
          ),
        )}
      </article>
    </div>
  );
}
