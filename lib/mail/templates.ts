import { translatorFor } from '@/lib/i18n/catalogs';
import type { Locale } from '@/lib/i18n/locales';
import type { Mail } from './send';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A plain, accessible e-mail: greeting, paragraphs, one link, and a footer. */
function compose(locale: Locale, to: string, subject: string, paragraphs: string[], link: { label: string; url: string }): Mail {
  const t = translatorFor(locale);
  const footer = t('mail.footer');
  const text = [...paragraphs, `${link.label}: ${link.url}`, '', footer].join('\n\n');
  const html = `<!doctype html><html lang="${locale}"><body style="font-family:sans-serif;line-height:1.5">${paragraphs
    .map((p) => `<p>${escapeHtml(p)}</p>`)
    .join('')}<p><a href="${escapeHtml(link.url)}">${escapeHtml(link.label)}</a></p><p style="color:#555">${escapeHtml(footer)}</p></body></html>`;
  return { to, subject, text, html, locale };
}

export function verifyEmailMail(locale: Locale, to: string, name: string, url: string): Mail {
  const t = translatorFor(locale);
  return compose(locale, to, t('mail.verify.subject'), [t('mail.greeting', { name }), t('mail.verify.body')], {
    label: t('mail.verify.action'),
    url,
  });
}

export function resetPasswordMail(locale: Locale, to: string, name: string, url: string): Mail {
  const t = translatorFor(locale);
  return compose(locale, to, t('mail.reset.subject'), [t('mail.greeting', { name }), t('mail.reset.body')], {
    label: t('mail.reset.action'),
    url,
  });
}

export function caseSubmittedMail(locale: Locale, to: string, name: string, reference: string, url: string): Mail {
  const t = translatorFor(locale);
  return compose(
    locale,
    to,
    t('mail.submitted.subject', { reference }),
    [t('mail.greeting', { name }), t('mail.submitted.body', { reference }), t('mail.submitted.next')],
    { label: t('mail.submitted.action'), url },
  );
}

/** A status change the applicant should hear about, explained in one line. */
export function caseStatusMail(locale: Locale, to: string, name: string, reference: string, status: string, url: string): Mail {
  const t = translatorFor(locale);
  const statusName = t(`status.${status}` as never);
  return compose(
    locale,
    to,
    t('mail.status.subject', { reference, status: statusName }),
    [t('mail.greeting', { name }), t('mail.status.body', { reference, status: statusName }), t(`statusHelp.${status}` as never)],
    { label: t('mail.status.action'), url },
  );
}

/** The prosecutor's answer on the case, with the organizers' note when they wrote one. */
export function protestOutcomeMail(locale: Locale, to: string, name: string, reference: string, status: string, note: string, url: string): Mail {
  const t = translatorFor(locale);
  const statusName = t(`status.${status}` as never);
  return compose(
    locale,
    to,
    t('mail.status.subject', { reference, status: statusName }),
    [t('mail.greeting', { name }), t('mail.status.body', { reference, status: statusName }), t(`statusHelp.${status}` as never), ...(note ? [t('mail.outcomeNote', { note })] : [])],
    { label: t('mail.status.action'), url },
  );
}

/** The reviewer needs more: what, and how to answer. */
export function infoRequestedMail(locale: Locale, to: string, name: string, reference: string, items: string[], message: string, url: string): Mail {
  const t = translatorFor(locale);
  const list = items.map((item) => `• ${t(`review.requestItems.${item}` as never)}`).join('\n');
  return compose(
    locale,
    to,
    t('mail.infoRequested.subject', { reference }),
    [t('mail.greeting', { name }), t('mail.infoRequested.body', { reference }), ...(list ? [list] : []), message, t('mail.infoRequested.how')],
    { label: t('mail.infoRequested.action'), url },
  );
}

/** A decision not to take the case: kindly worded, with the reason and the reviewer's words. */
export function caseDeclinedMail(locale: Locale, to: string, name: string, reference: string, reason: string, message: string, url: string): Mail {
  const t = translatorFor(locale);
  return compose(
    locale,
    to,
    t('mail.declined.subject', { reference }),
    [t('mail.greeting', { name }), t('mail.declined.body', { reference }), t(`review.declineReasons.${reason}.applicant` as never), message, t('mail.declined.after')],
    { label: t('mail.declined.action'), url },
  );
}

/** A new message from the reviewers; the text itself stays behind the sign-in. */
export function newMessageMail(locale: Locale, to: string, name: string, reference: string, url: string): Mail {
  const t = translatorFor(locale);
  return compose(locale, to, t('mail.newMessage.subject', { reference }), [t('mail.greeting', { name }), t('mail.newMessage.body', { reference })], {
    label: t('mail.newMessage.action'),
    url,
  });
}

/** The link that confirms a petition signature; only confirmed signatures count. */
export function signatureConfirmMail(locale: Locale, to: string, name: string, petitionTitle: string, url: string): Mail {
  const t = translatorFor(locale);
  return compose(locale, to, t('mail.signature.subject', { title: petitionTitle }), [t('mail.greeting', { name }), t('mail.signature.body', { title: petitionTitle }), t('mail.signature.ignore')], {
    label: t('mail.signature.action'),
    url,
  });
}

/** Sent instead of a new link when this address has already confirmed its signature. */
export function signatureAlreadyConfirmedMail(locale: Locale, to: string, name: string, petitionTitle: string, url: string): Mail {
  const t = translatorFor(locale);
  return compose(locale, to, t('mail.signatureAlready.subject', { title: petitionTitle }), [t('mail.greeting', { name }), t('mail.signatureAlready.body', { title: petitionTitle })], {
    label: t('mail.signatureAlready.action'),
    url,
  });
}

/** A staff invitation: who invites, for which role, and that the link works once for 72 hours. */
export function staffInvitationMail(locale: Locale, to: string, role: string, inviterName: string, url: string): Mail {
  const t = translatorFor(locale);
  const roleName = t(`roles.${role}` as never);
  return compose(
    locale,
    to,
    t('mail.invitation.subject', { role: roleName }),
    [t('mail.invitation.greeting'), t('mail.invitation.body', { inviter: inviterName, role: roleName }), t('mail.invitation.how'), t('mail.invitation.ignore')],
    { label: t('mail.invitation.action'), url },
  );
}
