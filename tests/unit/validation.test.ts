import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import { fromZodError } from '@/lib/actions/result';
import { catalogs } from '@/lib/i18n/catalogs';
import { locales } from '@/lib/i18n/locales';
import { forgotPasswordSchema, resetPasswordSchema, signInSchema, signUpSchema } from '@/lib/validation/accounts';

function errorsOf(result: ReturnType<typeof signUpSchema.safeParse>) {
  expect(result.success).toBe(false);
  const mapped = fromZodError(result.error!);
  return mapped.ok ? {} : mapped.fieldErrors!;
}

describe('sign-up schema', () => {
  const valid = { name: 'Айгерім Сапарова', email: '  Aigerim@Example.KZ ', password: 'жаңа құпия сөз 2026', locale: 'kk' as const };

  it('accepts a valid sign-up and normalizes the e-mail', () => {
    const parsed = signUpSchema.parse(valid);
    expect(parsed.email).toBe('aigerim@example.kz');
  });

  it('names the field and the reason for each problem', () => {
    expect(errorsOf(signUpSchema.safeParse({ ...valid, email: 'not-an-email' }))).toEqual({ email: ['validation.emailInvalid'] });
    expect(errorsOf(signUpSchema.safeParse({ ...valid, email: '' }))).toMatchObject({ email: expect.arrayContaining(['validation.required']) });
    expect(errorsOf(signUpSchema.safeParse({ ...valid, password: 'short1' }))).toEqual({ password: ['validation.passwordTooShort'] });
    expect(errorsOf(signUpSchema.safeParse({ ...valid, password: 'aaaaaaaaaaaa' }))).toEqual({ password: ['validation.passwordWeak'] });
    expect(errorsOf(signUpSchema.safeParse({ ...valid, password: 'Password123' }))).toEqual({ password: ['validation.passwordWeak'] });
    expect(errorsOf(signUpSchema.safeParse({ ...valid, password: 'x'.repeat(129) + 'abcdef' }))).toMatchObject({
      password: ['validation.passwordTooLong'],
    });
    expect(errorsOf(signUpSchema.safeParse({ ...valid, name: 'A' }))).toEqual({ name: ['validation.nameTooShort'] });
  });

  it('reports a mismatched confirmation on the confirmation field', () => {
    const result = resetPasswordSchema.safeParse({ token: 't', password: 'a long new password', passwordConfirm: 'another one entirely' });
    expect(errorsOf(result as never)).toEqual({ passwordConfirm: ['validation.passwordsDiffer'] });
  });

  it('does not hint at password rules on sign-in', () => {
    expect(signInSchema.safeParse({ email: 'a@b.kz', password: 'x' }).success).toBe(true);
    expect(forgotPasswordSchema.safeParse({ email: 'a@b.kz', locale: 'ru' }).success).toBe(true);
  });

  it('has every validation message in every language', () => {
    const keys = new Set<string>();
    for (const input of [
      { ...valid, email: 'bad', password: 'short', name: '' },
      { ...valid, password: 'aaaaaaaaaaaa' },
      { ...valid, password: 'x'.repeat(200) },
      {},
    ]) {
      const result = signUpSchema.safeParse(input);
      if (!result.success) Object.values(errorsOf(result)).flat().forEach((k) => keys.add(k));
    }
    expect(keys.size).toBeGreaterThan(4);
    for (const locale of locales) {
      const t = createTranslator({ locale, messages: catalogs[locale] });
      for (const key of keys) expect(t(key as never), `${locale}: ${key}`).not.toBe(key);
    }
    const ru = createTranslator({ locale: 'ru', messages: catalogs.ru });
    const kk = createTranslator({ locale: 'kk', messages: catalogs.kk });
    expect(ru('validation.emailInvalid')).not.toBe(kk('validation.emailInvalid'));
  });
});
