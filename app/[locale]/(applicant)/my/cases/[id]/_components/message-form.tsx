'use client';

import { useTranslations } from 'next-intl';
import { useServerForm } from '@/components/forms/use-server-form';
import { useHydrated } from '@/components/forms/use-hydrated';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { TextareaField } from '@/components/ui/fields';
import { useRouter } from '@/lib/i18n/navigation';
import { MESSAGE_MAX, postMessageSchema } from '@/lib/validation/case-messages';
import { postMessageAction } from '../actions';

export function MessageForm({ caseId, isAnswer }: { caseId: string; isAnswer: boolean }) {
  const t = useTranslations('caseView');
  const tc = useTranslations('common');
  const router = useRouter();
  const isHydrated = useHydrated();
  const { form, submit, isPending, errorOf, rootError } = useServerForm(postMessageSchema, { caseId, body: '' }, postMessageAction, (_, sent) => {
    sent.reset({ caseId, body: '' });
    router.refresh();
  });
  return (
    <form method="post" onSubmit={submit} noValidate className="flex max-w-2xl flex-col gap-3" aria-busy={isPending}>
      {rootError && <Alert tone="error">{rootError}</Alert>}
      <input type="hidden" {...form.register('caseId')} />
      <TextareaField
        label={isAnswer ? t('answerLabel') : t('messageLabel')}
        hint={isAnswer ? t('answerHint') : undefined}
        rows={5}
        maxLength={MESSAGE_MAX}
        error={errorOf('body')}
        {...form.register('body')}
      />
      <div>
        <Button type="submit" disabled={isPending || !isHydrated}>
          {isPending ? tc('working') : t('send')}
        </Button>
      </div>
    </form>
  );
}
