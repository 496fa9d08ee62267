import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import en from '@/messages/en.json';
import ru from '@/messages/ru.json';
import { baseUrl, demoAccount, enterTotpCode, launchBrowser, newContext, signIn, type DemoAccount } from './support/browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const sections: Record<DemoAccount['role'], { nav: string[]; own: string; refused: string[] }> = {
  applicant: { nav: [en.nav.myCases], own: '/my/cases', refused: ['/review', '/organize/bundles', '/admin/users', '/admin/audit'] },
  reviewer: { nav: [en.nav.queue], own: '/review', refused: ['/my/cases', '/organize/bundles', '/organize/insights', '/admin/users'] },
  organizer: {
    nav: [en.nav.queue, en.nav.bundles, en.nav.petitions, en.nav.insights],
    own: '/organize/bundles',
    refused: ['/admin/users', '/admin/audit', '/my/cases'],
  },
  admin: { nav: [en.nav.users, en.nav.audit], own: '/admin/users', refused: ['/my/cases'] },
};

describe('each demo role', () => {
  for (const role of ['applicant', 'reviewer', 'organizer', 'admin'] as const) {
    it(`${role}: signs in, sees its navigation, and gets the 403 page elsewhere`, async () => {
      const context = await newContext(browser);
      const page = await context.newPage();
      const account = demoAccount(role);
      await signIn(page, 'en', account);
      expect(new URL(page.url()).pathname).toBe(`/en${sections[role].own}`);
      await expect(page.getByTestId('account').textContent()).resolves.toContain(en.roles[role]);
      const links = await page.getByRole('navigation', { name: en.nav.main }).getByRole('link').allTextContents();
      for (const label of [en.publicPetitions.nav, ...sections[role].nav]) expect(links).toContain(label);
      if (role === 'applicant') expect(links).not.toContain(en.nav.queue);
      if (role === 'reviewer') expect(links).not.toContain(en.nav.bundles);
      if (role !== 'admin') expect(links).not.toContain(en.nav.users);

      for (const path of sections[role].refused) {
        const response = await page.goto(`/en${path}`);
        expect(response?.status(), path).toBe(403);
        await expect(page.getByTestId('forbidden').locator('h1').textContent()).resolves.toBe(en.forbidden.title);
      }
      await context.close();
    });
  }

  it('a visitor is sent to sign in, not shown a staff page, and comes back there after signing in', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto('/ru/organize/insights');
    expect(new URL(page.url()).pathname).toBe('/ru/sign-in');
    const organizer = demoAccount('organizer');
    await page.getByLabel(ru.auth.email).fill(organizer.email);
    await page.getByLabel(ru.auth.password).fill(organizer.password);
    await page.getByRole('button', { name: ru.auth.submitSignIn }).click();
    // Staff: the second step asks for the code from the authenticator app, e-mail and password kept.
    await page.getByLabel(ru.auth.code).waitFor();
    await expect(page.getByLabel(ru.auth.email).inputValue()).resolves.toBe(organizer.email);
    await enterTotpCode(page, organizer);
    await page.waitForURL('**/ru/organize/insights');
    await context.close();
  });

  it('a wrong password gets one generic message and keeps what was typed', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto('/ru/sign-in');
    await page.getByLabel(ru.auth.email).fill('nobody-here@example.kz');
    await page.getByLabel(ru.auth.password).fill('not the password');
    await page.getByRole('button', { name: ru.auth.submitSignIn }).click();
    const alert = page.getByTestId('sign-in-error');
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toBe(ru.auth.invalidCredentials);
    await expect(page.getByLabel(ru.auth.email).inputValue()).resolves.toBe('nobody-here@example.kz');
    await context.close();
  });

  it('signing out ends the session', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, 'ru', demoAccount('reviewer'));
    await page.getByRole('button', { name: ru.common.signOut }).click();
    await page.getByText(ru.auth.signedOut).waitFor();
    await page.goto('/ru/review');
    expect(new URL(page.url()).pathname).toBe('/ru/sign-in');
    await context.close();
  });

  it('the server refuses a forged session cookie', async () => {
    const response = await fetch(`${baseUrl}/en/admin/users`, {
      headers: { cookie: 'next-auth.session-token=eyJhbGciOiJub25lIn0.eyJ1aWQiOiJ4Iiwicm9sZSI6ImFkbWluIn0.' },
      redirect: 'manual',
    });
    expect(response.status).toBe(307);
    expect(response.headers.get('location')).toContain('/en/sign-in');
  });
});
