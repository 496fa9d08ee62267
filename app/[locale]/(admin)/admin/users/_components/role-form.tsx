'use client';

import { useTranslations } from 'next-intl';
import { useId, useState, useTransition } from 'react';
import type { Role } from '@/db/schema/users';
import { changeRoleAction } from '../actions';

const roles: Role[] = ['applicant', 'reviewer', 'organizer', 'admin'];

export function RoleForm({ userId, name, role }: { userId: string; name: string; role: Role }) {
  const t = useTranslations();
  const id = useId();
  const [value, setValue] = useState<Role>(role);
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; key: string } | null>(null);
  const [isPending, startTransition] = useTransition();
  return (
    <form
      className="flex flex-wrap items-center gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        startTransition(async () => {
          try {
            const result = await changeRoleAction({ userId, role: value });
            if (result.ok) setMessage({ tone: 'ok', key: 'admin.roleSaved' });
            else setMessage({ tone: 'error', key: result.fieldErrors?.role?.[0] ?? result.formError ?? 'errors.UNEXPECTED' });
          } catch {
            setMessage({ tone: 'error', key: 'errors.network' });
          }
        });
      }}
    >
      <label htmlFor={id} className="sr-only">
        {t('admin.roleFor', { name })}
      </label>
      <select
        id={id}
        value={value}
        onChange={(e) => setValue(e.target.value as Role)}
        aria-describedby={message ? `${id}-msg` : undefined}
        className="min-h-11 rounded-md border border-slate-500 bg-white px-2"
      >
        {roles.map((r) => (
          <option key={r} value={r}>
            {t(`roles.${r}`)}
          </option>
        ))}
      </select>
      <button
        type="submit"
        disabled={isPending || value === role}
        className="min-h-11 rounded-md border border-slate-500 px-3 font-semibold disabled:text-slate-600"
      >
        {t('admin.changeRole')}
      </button>
      {message && (
        <p id={`${id}-msg`} role={message.tone === 'error' ? 'alert' : 'status'} className={message.tone === 'error' ? 'font-semibold text-red-800' : 'text-green-900'}>
          {t(message.key as never)}
        </p>
      )}
    </form>
  );
}
