import crypto from 'node:crypto';
import { getDb } from '@/db/client';
import { eq } from 'drizzle-orm';
import { invitations, jobs, signatures, users, type Case } from '@/db/schema';
import { currentTotp, encryptTotpSecret, newTotpSecret } from '@/lib/auth/totp';
import { MAIL_JOB } from '@/lib/mail/send';
import { sha256Hex } from '@/lib/secrets';
import { TEST_PASSWORD } from '../../factories/users';
import { createPerson, type Actor, type Person, type World } from './actors';
import {
  acceptedCase,
  bundleAttachment,
  caseOf,
  draftBundle,
  frozenBundle,
  newTag,
  PDF_BYTES,
  petitionOf,
  readyDraft,
  resetToken,
  storedDocument,
  submittedAssessment,
  today,
  unique,
} from './records';

/*
 * The rows of the authorization matrix (tests/security/authorization-matrix.test.ts): one per
 * exported server action and route handler, keyed by file and export name, saying what DESIGN.md's
 * "Who may do what" table and lib/authz/permissions.ts allow each of the six callers, and how to
 * make fresh records for one attempt. The fuzzing test reuses them as valid inputs to mutate.
 */

export type Outcome = 'allowed' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND';
export type Expectation = Record<Actor, Outcome>;

export const A: Outcome = 'allowed';
export const U: Outcome = 'UNAUTHENTICATED';
export const F: Outcome = 'FORBIDDEN';
export const N: Outcome = 'NOT_FOUND';

/** Anyone, signed in or not: public by design. */
const everyone: Expectation = { anonymous: A, applicant: A, otherApplicant: A, reviewer: A, organizer: A, admin: A };
/** File, edit a draft, withdraw, answer messages — own cases only. Staff never file. */
const ownCaseOnly: Expectation = { anonymous: U, applicant: A, otherApplicant: N, reviewer: F, organizer: F, admin: F };
/** See a case and its documents: the applicant their own, staff submitted ones. */
const seeCase: Expectation = { anonymous: U, applicant: A, otherApplicant: N, reviewer: A, organizer: A, admin: A };
/** Claim, assess, request info, recommend, decline, confirm another's recommendation. */
const reviewing: Expectation = { anonymous: U, applicant: F, otherApplicant: F, reviewer: A, organizer: A, admin: A };
/** Assigning cases to others, bulk actions on the queue; bundles, petitions, insights, exports. */
const organizing: Expectation = { anonymous: U, applicant: F, otherApplicant: F, reviewer: F, organizer: A, admin: A };
/** Users, roles, audit log, mail, settings. */
const administering: Expectation = { anonymous: U, applicant: F, otherApplicant: F, reviewer: F, organizer: F, admin: A };
/** One's own account (two-factor sign-in, one's data): every signed-in user, each for themselves. */
const signedIn: Expectation = { anonymous: U, applicant: A, otherApplicant: A, reviewer: A, organizer: A, admin: A };

export type Arrange = {
  world: World;
  actor: Actor;
  /** The acting person (null for a visitor). */
  me: Person | null;
  /** Who holds a case in review for this attempt: the acting staff member, else a colleague. */
  holder: Person;
  /** The one whose cases the ids point at. */
  owner: Person;
};

export type Row = {
  /** `file#export` of the action or route handler. */
  key: string;
  /** A second situation for the same export (e.g. one's own recommendation). */
  scenario?: string;
  expect: Expectation;
  /**
   * The caller acts on their own account (two-factor, password, their data): each attempt is made
   * by a new person of the actor's role, so one attempt's change never reaches the next row.
   */
  freshActor?: boolean;
  /** Fresh records for one attempt; returns the arguments of the call. */
  arrange: (a: Arrange) => Promise<unknown[]>;
};

const ACTION_FILES = {
  bundles: 'app/[locale]/(organizer)/organize/bundles/actions.ts',
  petitions: 'app/[locale]/(organizer)/organize/petitions/actions.ts',
  review: 'app/[locale]/(reviewer)/review/actions.ts',
  users: 'app/[locale]/(admin)/admin/users/actions.ts',
  settings: 'app/[locale]/(admin)/admin/settings/actions.ts',
  mail: 'app/[locale]/(admin)/admin/mail/actions.ts',
  security: 'app/[locale]/account/security/actions.ts',
  privacy: 'app/[locale]/account/privacy/actions.ts',
  acceptInvitation: 'app/[locale]/(public)/invitations/accept/actions.ts',
  intake: 'app/[locale]/(applicant)/my/cases/new/actions.ts',
  myCase: 'app/[locale]/(applicant)/my/cases/[id]/actions.ts',
  forgot: 'app/[locale]/(public)/forgot-password/actions.ts',
  signUp: 'app/[locale]/(public)/sign-up/actions.ts',
  reset: 'app/[locale]/(public)/reset-password/actions.ts',
} as const;

const action = (file: keyof typeof ACTION_FILES, name: string) => `${ACTION_FILES[file]}#${name}`;
const route = (dir: string, method: string) => `app/api/${dir}/route.ts#${method}`;

/** Arguments of a route handler: the request and Next's params promise. */
const call = (url: string, params: Record<string, string> = {}, init?: RequestInit) => [new Request(`http://localhost${url}`, init), { params: Promise.resolve(params) }];
const json = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

function multipart(fields: Record<string, string>, file = PDF_BYTES, fileName = 'scan.pdf'): RequestInit {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([new Uint8Array(file)], { type: 'application/pdf' }), fileName);
  return { method: 'POST', body: form };
}

const conflictFree = { hasNoConflict: true, conflictComment: '' };
const emptyScores = Object.fromEntries(
  ['procedural_violations', 'new_evidence', 'fabrication_or_coercion', 'appeals_exhausted', 'documents_complete', 'wider_pattern', 'proportionality'].map((k) => [k, { score: '', comment: '', documentId: '', page: '' }]),
);
const petitionForm = () => ({
  slug: unique('commission'),
  titleKk: 'Арнайы комиссия',
  titleRu: 'Специальная комиссия',
  titleEn: 'Special commission',
  bodyKk: 'Даулы сот шешімдерін қайта қарау үшін арнайы комиссия құруды сұраймыз, әр іс бойынша.',
  bodyRu: 'Просим создать специальную комиссию для пересмотра спорных судебных решений по каждому делу.',
  bodyEn: 'We ask for a special commission to review controversial court rulings, one case at a time.',
  addressee: 'Президенту Республики Казахстан',
  signatureGoal: '10 000',
  opensOn: '',
  closesOn: '',
});

/** A case in review held by `holder` (assigned, so decisions and releases are theirs). */
const heldCase = (a: Arrange, status: Case['status'] = 'in_review') => caseOf(a.owner, { status, assigneeId: a.holder.id });

export const rows: Row[] = [
  // ---------------------------------------------------------------------------------------------
  // Applicants: their own cases only.
  {
    key: action('intake', 'saveStepAction'),
    expect: ownCaseOnly,
    arrange: async (a) => {
      const draft = await caseOf(a.owner, { status: 'draft' });
      return [{ step: 'who', caseId: draft.id, values: { filingFor: 'self', relationship: '', convictedPersonName: '', contactPhone: '+7 701 000 00 00', contactLocale: 'ru' } }];
    },
  },
  {
    key: action('intake', 'submitCaseAction'),
    expect: ownCaseOnly,
    arrange: async (a) => [{ caseId: (await readyDraft(a.owner)).id }],
  },
  {
    key: action('myCase', 'postMessageAction'),
    expect: ownCaseOnly,
    arrange: async (a) => [{ caseId: (await caseOf(a.owner)).id, body: 'Прилагаю ответ на ваш вопрос.' }],
  },
  {
    key: action('myCase', 'withdrawCaseAction'),
    expect: ownCaseOnly,
    arrange: async (a) => [{ caseId: (await caseOf(a.owner)).id, isConfirmed: true }],
  },
  {
    key: route('cases/[id]/documents', 'POST'),
    expect: ownCaseOnly,
    arrange: async (a) => {
      const draft = await caseOf(a.owner, { status: 'draft' });
      return call(`/api/cases/${draft.id}/documents`, { id: draft.id }, multipart({ kind: 'judgment' }));
    },
  },
  {
    key: route('documents/[id]', 'DELETE'),
    expect: ownCaseOnly,
    arrange: async (a) => {
      const draft = await caseOf(a.owner, { status: 'draft' });
      const doc = await storedDocument(draft.id, a.owner.id);
      return call(`/api/documents/${doc.id}`, { id: doc.id }, { method: 'DELETE' });
    },
  },
  {
    // The receipt is the applicant's own: anyone else (staff included) is told it does not exist.
    key: route('cases/[id]/receipt', 'GET'),
    expect: { anonymous: U, applicant: A, otherApplicant: N, reviewer: N, organizer: N, admin: N },
    arrange: async (a) => {
      const row = await caseOf(a.owner);
      return call(`/api/cases/${row.id}/receipt`, { id: row.id });
    },
  },
  {
    key: route('documents/[id]', 'GET'),
    expect: seeCase,
    arrange: async (a) => {
      const row = await caseOf(a.owner);
      const doc = await storedDocument(row.id, a.owner.id);
      return call(`/api/documents/${doc.id}`, { id: doc.id });
    },
  },
  {
    // Drafts belong to the applicant until they submit: staff do not see them at all.
    key: route('documents/[id]', 'GET'),
    scenario: 'a document of a draft',
    expect: { anonymous: U, applicant: A, otherApplicant: N, reviewer: N, organizer: N, admin: N },
    arrange: async (a) => {
      const row = await caseOf(a.owner, { status: 'draft' });
      const doc = await storedDocument(row.id, a.owner.id);
      return call(`/api/documents/${doc.id}`, { id: doc.id });
    },
  },

  // ---------------------------------------------------------------------------------------------
  // Reviewers (and organizers and admins): the queue's work.
  {
    key: action('review', 'claimCaseAction'),
    expect: reviewing,
    arrange: async (a) => [{ caseId: (await caseOf(a.owner)).id, version: 0, ...conflictFree }],
  },
  {
    key: action('review', 'claimCaseAction'),
    scenario: 'a draft (not yet submitted)',
    expect: { anonymous: U, applicant: F, otherApplicant: F, reviewer: N, organizer: N, admin: N },
    arrange: async (a) => [{ caseId: (await caseOf(a.owner, { status: 'draft' })).id, version: 0, ...conflictFree }],
  },
  {
    key: action('review', 'releaseCaseAction'),
    expect: reviewing,
    arrange: async (a) => [{ caseId: (await heldCase(a)).id, version: 0 }],
  },
  {
    // A reviewer decides only on the cases they hold; organizers and admins on any.
    key: action('review', 'releaseCaseAction'),
    scenario: "a colleague's case",
    expect: { anonymous: U, applicant: F, otherApplicant: F, reviewer: F, organizer: A, admin: A },
    arrange: async (a) => [{ caseId: (await caseOf(a.owner, { status: 'in_review', assigneeId: a.world.reviewer2.id })).id, version: 0 }],
  },
  {
    key: action('review', 'assignCaseAction'),
    expect: organizing,
    arrange: async (a) => [{ caseId: (await caseOf(a.owner)).id, version: 0, reviewerId: a.world.reviewer2.id }],
  },
  {
    key: action('review', 'declareNoConflictAction'),
    expect: reviewing,
    arrange: async (a) => [{ caseId: (await heldCase(a)).id, ...conflictFree }],
  },
  {
    key: action('review', 'bulkAssignAction'),
    expect: organizing,
    arrange: async (a) => [{ caseIds: [(await caseOf(a.owner)).id], reviewerId: a.world.reviewer2.id }],
  },
  {
    key: action('review', 'bulkTagAction'),
    expect: organizing,
    arrange: async (a) => [{ caseIds: [(await caseOf(a.owner)).id], tagId: (await newTag()).id }],
  },
  {
    key: action('review', 'setCaseTagAction'),
    expect: reviewing,
    arrange: async (a) => [{ caseId: (await caseOf(a.owner)).id, tagId: (await newTag()).id, isOn: true }],
  },
  {
    key: action('review', 'saveAssessmentAction'),
    expect: reviewing,
    arrange: async (a) => [{ caseId: (await heldCase(a)).id, intent: 'draft', scores: emptyScores, rationale: '' }],
  },
  {
    key: action('review', 'requestInfoAction'),
    expect: reviewing,
    arrange: async (a) => [{ caseId: (await heldCase(a)).id, version: 0, items: ['judgment'], message: 'Приложите, пожалуйста, приговор полностью.' }],
  },
  {
    key: action('review', 'recommendAction'),
    expect: reviewing,
    arrange: async (a) => {
      const row = await heldCase(a);
      await submittedAssessment(row.id, a.holder.id);
      return [{ caseId: row.id, version: 0, rationale: 'Признание получено под давлением, иных доказательств нет.' }];
    },
  },
  {
    key: action('review', 'confirmAction'),
    expect: reviewing,
    arrange: async (a) => [{ caseId: (await caseOf(a.owner, { status: 'recommended', assigneeId: a.world.reviewer2.id, recommendedById: a.world.reviewer2.id })).id, version: 0, ...conflictFree, comment: '' }],
  },
  {
    // Four eyes: whoever recommended a case can never confirm it, whatever their role.
    key: action('review', 'confirmAction'),
    scenario: 'their own recommendation',
    expect: { anonymous: U, applicant: F, otherApplicant: F, reviewer: F, organizer: F, admin: F },
    arrange: async (a) => [{ caseId: (await caseOf(a.owner, { status: 'recommended', assigneeId: a.holder.id, recommendedById: a.holder.id })).id, version: 0, ...conflictFree, comment: '' }],
  },
  {
    key: action('review', 'returnRecommendationAction'),
    expect: reviewing,
    arrange: async (a) => [
      { caseId: (await caseOf(a.owner, { status: 'recommended', assigneeId: a.world.reviewer2.id, recommendedById: a.world.reviewer2.id })).id, version: 0, reason: 'Нужна вторая оценка доказательств.' },
    ],
  },
  {
    key: action('review', 'declineAction'),
    expect: reviewing,
    arrange: async (a) => [{ caseId: (await heldCase(a)).id, version: 0, reason: 'appeals_available', message: 'Кассационная жалоба ещё не подана.' }],
  },
  {
    key: action('review', 'addNoteAction'),
    expect: reviewing,
    arrange: async (a) => [{ caseId: (await caseOf(a.owner)).id, body: 'Проверить дату кассации.' }],
  },
  {
    key: action('review', 'postStaffMessageAction'),
    expect: reviewing,
    arrange: async (a) => [{ caseId: (await caseOf(a.owner)).id, body: 'Здравствуйте! Ваше дело принято к рассмотрению.' }],
  },

  // ---------------------------------------------------------------------------------------------
  // Organizers (and admins): bundles, exports, petitions.
  {
    key: action('bundles', 'createBundleAction'),
    expect: organizing,
    arrange: async () => [{ title: 'Дела военнослужащих', addressee: 'prosecutor_general', language: 'ru' }],
  },
  {
    key: action('bundles', 'updateBundleSettingsAction'),
    expect: organizing,
    arrange: async (a) => [{ bundleId: (await draftBundle(a.world.organizer2)).id, version: 0, settings: { title: 'Дела активистов', addressee: 'prosecutor_general', language: 'kk' } }],
  },
  {
    key: action('bundles', 'addCaseAction'),
    expect: organizing,
    arrange: async (a) => [{ bundleId: (await draftBundle(a.world.organizer2)).id, version: 0, caseId: (await acceptedCase(a.owner)).id }],
  },
  {
    key: action('bundles', 'removeCaseAction'),
    expect: organizing,
    arrange: async (a) => {
      const member = await acceptedCase(a.owner);
      return [{ bundleId: (await draftBundle(a.world.organizer2, [member])).id, version: 0, caseId: member.id }];
    },
  },
  {
    key: action('bundles', 'moveCaseAction'),
    expect: organizing,
    arrange: async (a) => {
      const [first, second] = [await acceptedCase(a.owner), await acceptedCase(a.owner)];
      return [{ bundleId: (await draftBundle(a.world.organizer2, [first, second])).id, version: 0, caseId: second.id, direction: 'up' }];
    },
  },
  {
    key: action('bundles', 'updateSummaryAction'),
    expect: organizing,
    arrange: async (a) => {
      const member = await acceptedCase(a.owner);
      return [{ bundleId: (await draftBundle(a.world.organizer2, [member])).id, version: 0, caseId: member.id, summary: 'Осуждён по признанию, от которого отказался в суде.' }];
    },
  },
  {
    key: action('bundles', 'updateCoverLetterAction'),
    expect: organizing,
    arrange: async (a) => [
      { bundleId: (await draftBundle(a.world.organizer2)).id, version: 0, coverLetter: 'Генеральному Прокурору Республики Казахстан. Просим принести протест на приговоры по делам.' },
    ],
  },
  {
    key: action('bundles', 'finalizeBundleAction'),
    expect: organizing,
    arrange: async (a) => {
      const member = await acceptedCase(a.owner);
      const bundle = await draftBundle(a.world.organizer2, [member], { coverLetter: 'Генеральному Прокурору Республики Казахстан. Просим принести протест.' });
      return [{ bundleId: bundle.id, version: 0, isConfirmed: true }];
    },
  },
  {
    key: action('bundles', 'submitBundleAction'),
    expect: organizing,
    arrange: async (a) => {
      const bundle = await frozenBundle(a.world.organizer2, 'finalized');
      const cover = await bundleAttachment(bundle.id, 'stamped_cover', a.world.organizer2);
      return [{ bundleId: bundle.id, version: 0, submittedOn: today(), registryNumber: '3-12/4567', stampedCoverId: cover.id }];
    },
  },
  {
    key: action('bundles', 'recordAnswerAction'),
    expect: organizing,
    arrange: async (a) => {
      const filed = await caseOf(a.owner, { status: 'filed', consentShareWithProsecutors: true });
      const bundle = await frozenBundle(a.world.organizer2, 'submitted', [filed]);
      const answer = await bundleAttachment(bundle.id, 'answer', a.world.organizer2);
      return [{ bundleId: bundle.id, version: 0, answeredOn: today(), answerId: answer.id, outcomes: [{ caseId: filed.id, outcome: 'protest_brought', note: '' }] }];
    },
  },
  {
    key: route('bundles/[id]/attachments', 'POST'),
    expect: organizing,
    arrange: async (a) => {
      const bundle = await frozenBundle(a.world.organizer2, 'finalized');
      return call(`/api/bundles/${bundle.id}/attachments?purpose=stamped_cover`, { id: bundle.id }, multipart({ purpose: 'stamped_cover' }));
    },
  },
  {
    key: route('bundles/[id]/attachments/[attachmentId]', 'GET'),
    expect: organizing,
    arrange: async (a) => {
      const bundle = await frozenBundle(a.world.organizer2, 'finalized');
      const cover = await bundleAttachment(bundle.id, 'stamped_cover', a.world.organizer2);
      return call(`/api/bundles/${bundle.id}/attachments/${cover.id}`, { id: bundle.id, attachmentId: cover.id });
    },
  },
  {
    key: route('bundles/[id]/exports/[format]', 'GET'),
    expect: organizing,
    arrange: async (a) => {
      const bundle = await frozenBundle(a.world.organizer2, 'finalized');
      return call(`/api/bundles/${bundle.id}/exports/csv?locale=ru`, { id: bundle.id, format: 'csv' });
    },
  },
  {
    key: route('bundles/[id]/exports/progress', 'GET'),
    expect: organizing,
    arrange: async (a) => {
      const bundle = await frozenBundle(a.world.organizer2, 'finalized');
      return call(`/api/bundles/${bundle.id}/exports/progress`, { id: bundle.id });
    },
  },
  {
    key: action('petitions', 'createPetitionAction'),
    expect: organizing,
    arrange: async () => [petitionForm()],
  },
  {
    key: action('petitions', 'updatePetitionAction'),
    expect: organizing,
    arrange: async (a) => [{ petitionId: (await petitionOf(a.world.organizer2, 'draft')).id, version: 0, petition: petitionForm() }],
  },
  {
    key: action('petitions', 'openPetitionAction'),
    expect: organizing,
    arrange: async (a) => [{ petitionId: (await petitionOf(a.world.organizer2, 'draft')).id, version: 0, isConfirmed: true }],
  },
  {
    key: action('petitions', 'closePetitionAction'),
    expect: organizing,
    arrange: async (a) => [{ petitionId: (await petitionOf(a.world.organizer2, 'open')).id, version: 0, isConfirmed: true }],
  },
  {
    key: route('organize/petitions/[id]/signatures', 'GET'),
    expect: organizing,
    arrange: async (a) => {
      const petition = await petitionOf(a.world.organizer2, 'open');
      return call(`/api/organize/petitions/${petition.id}/signatures?locale=ru`, { id: petition.id });
    },
  },

  // ---------------------------------------------------------------------------------------------
  // Admins.
  {
    key: action('users', 'changeRoleAction'),
    expect: administering,
    arrange: async () => [{ userId: (await createPerson('applicant')).id, role: 'reviewer' }],
  },
  { key: route('admin/audit/export', 'GET'), expect: administering, arrange: async () => call('/api/admin/audit/export?locale=ru&action=auth.sign_in') },

  // ---------------------------------------------------------------------------------------------
  // One's own account (account.own): every signed-in user, each on their own account only. Staff
  // must keep two-factor sign-in, and only applicants delete their accounts themselves.
  {
    key: action('security', 'startTwoFactorAction'),
    freshActor: true,
    expect: signedIn,
    arrange: async (a) => {
      if (a.me) await setTwoFactor(a.me, null);
      return [{}];
    },
  },
  {
    key: action('security', 'confirmTwoFactorAction'),
    freshActor: true,
    expect: signedIn,
    arrange: async (a) => {
      const secret = newTotpSecret();
      if (a.me) await getDb().update(users).set({ totpSecret: encryptTotpSecret(secret), totpEnabledAt: null, totpLastStep: null }).where(eq(users.id, a.me.id));
      return [{ code: currentTotp(secret) }];
    },
  },
  {
    key: action('security', 'regenerateRecoveryCodesAction'),
    freshActor: true,
    expect: signedIn,
    arrange: async (a) => [{ code: currentTotp(a.me ? await setTwoFactor(a.me, newTotpSecret()) : newTotpSecret()) }],
  },
  {
    key: action('security', 'turnOffTwoFactorAction'),
    freshActor: true,
    expect: { anonymous: U, applicant: A, otherApplicant: A, reviewer: F, organizer: F, admin: F },
    arrange: async (a) => [{ code: currentTotp(a.me ? await setTwoFactor(a.me, newTotpSecret()) : newTotpSecret()) }],
  },
  {
    key: action('security', 'changePasswordAction'),
    freshActor: true,
    expect: signedIn,
    arrange: async () => [{ currentPassword: TEST_PASSWORD, newPassword: 'Nomad-river-2026', newPasswordConfirm: 'Nomad-river-2026' }],
  },
  {
    key: action('security', 'endSessionsAction'),
    freshActor: true,
    expect: signedIn,
    arrange: async () => [{}],
  },
  {
    key: action('privacy', 'deleteAccountAction'),
    freshActor: true,
    expect: { anonymous: U, applicant: A, otherApplicant: A, reviewer: F, organizer: F, admin: F },
    arrange: async (a) => [{ confirmation: a.me?.email ?? 'nobody@example.kz', password: TEST_PASSWORD }],
  },
  {
    key: route('account/export', 'GET'),
    freshActor: true,
    expect: signedIn,
    arrange: async () => call('/api/account/export?locale=ru'),
  },

  // ---------------------------------------------------------------------------------------------
  // Admins: staff, invitations, failed mail, settings, the audit log's export.
  {
    key: action('users', 'disableUserAction'),
    expect: administering,
    arrange: async () => [{ userId: (await createPerson('reviewer')).id }],
  },
  {
    key: action('users', 'enableUserAction'),
    expect: administering,
    arrange: async () => [{ userId: (await createPerson('reviewer', { disabledAt: new Date() })).id }],
  },
  {
    key: action('users', 'endSessionsAction'),
    expect: administering,
    arrange: async () => [{ userId: (await createPerson('organizer')).id }],
  },
  {
    key: action('users', 'inviteAction'),
    expect: administering,
    arrange: async () => [{ email: `${unique('invitee')}@example.kz`, role: 'reviewer', locale: 'kk' }],
  },
  {
    key: action('users', 'resendInvitationAction'),
    expect: administering,
    arrange: async (a) => [{ invitationId: (await pendingInvitation(a.world.admin)).id }],
  },
  {
    key: action('users', 'revokeInvitationAction'),
    expect: administering,
    arrange: async (a) => [{ invitationId: (await pendingInvitation(a.world.admin)).id }],
  },
  {
    key: action('mail', 'retryMailAction'),
    expect: administering,
    arrange: async () => {
      const [job] = await getDb()
        .insert(jobs)
        .values({ kind: MAIL_JOB, status: 'failed', attempts: 5, lastError: 'connection refused', finishedAt: new Date(), payload: { to: 'someone@example.kz', subject: 'Проверка', text: 'x', html: 'x', locale: 'ru' } })
        .returning({ id: jobs.id });
      return [{ jobId: job!.id }];
    },
  },
  {
    key: action('settings', 'updateRetentionAction'),
    expect: administering,
    arrange: async () => [{ declinedDays: '365' }],
  },
  {
    // Public: the invitation's single-use token is the authorization (tests/security/sessions.test.ts reuses one).
    key: action('acceptInvitation', 'acceptInvitationAction'),
    expect: everyone,
    arrange: async (a) => {
      const { token } = await pendingInvitation(a.world.admin);
      const totpSecret = newTotpSecret();
      return [{ token, name: 'Айдана Серікова', password: 'Tulpar-2026-steppe', totpSecret, code: currentTotp(totpSecret) }];
    },
  },
  // ---------------------------------------------------------------------------------------------
  // Public by design: visitors sign up, reset a password, sign and count petitions.
  {
    key: action('signUp', 'signUpAction'),
    expect: everyone,
    arrange: async () => [{ name: 'Айгүл Сапарова', email: `${unique('signup')}@example.kz`, password: 'Tulpar-2026-steppe', locale: 'kk' }],
  },
  {
    key: action('forgot', 'forgotPasswordAction'),
    expect: everyone,
    // A fresh account each time: the per-address limit on reset mails is not what this tests.
    arrange: async () => [{ email: (await createPerson('applicant')).email, locale: 'ru' }],
  },
  {
    key: action('reset', 'resetPasswordAction'),
    expect: everyone,
    arrange: async () => {
      const token = await resetToken(await createPerson('applicant'));
      return [{ token, password: 'Nomad-river-2026', passwordConfirm: 'Nomad-river-2026' }];
    },
  },
  { key: route('health', 'GET'), expect: everyone, arrange: async () => call('/api/health') },
  { key: route('ping', 'GET'), expect: everyone, arrange: async () => call('/api/ping') },
  { key: route('public/stats', 'GET'), expect: everyone, arrange: async () => call('/api/public/stats') },
  {
    key: route('petitions/[slug]/count', 'GET'),
    expect: everyone,
    arrange: async (a) => {
      const petition = await petitionOf(a.world.organizer2, 'open');
      return call(`/api/petitions/${petition.slug}/count`, { slug: petition.slug });
    },
  },
  {
    key: route('petitions/[slug]/signatures', 'POST'),
    expect: everyone,
    arrange: async (a) => {
      const petition = await petitionOf(a.world.organizer2, 'open');
      return call(`/api/petitions/${petition.slug}/signatures?locale=ru`, { slug: petition.slug }, json({ name: 'Ерлан Жақсыбеков', email: `${unique('signer')}@example.kz`, regionCode: 'astana', isPublic: false }));
    },
  },
  {
    key: route('petitions/confirmations', 'POST'),
    expect: everyone,
    arrange: async (a) => {
      const petition = await petitionOf(a.world.organizer2, 'open');
      const token = crypto.randomBytes(32).toString('base64url');
      await getDb()
        .insert(signatures)
        .values({ petitionId: petition.id, name: 'Ерлан', email: `${unique('signer')}@example.kz`, regionCode: 'astana', tokenHash: sha256Hex(token), tokenExpiresAt: new Date(Date.now() + 86_400_000) });
      return call('/api/petitions/confirmations', {}, json({ token }));
    },
  },
];

/**
 * Route handlers that cannot run outside a real Next.js request (next-auth reads the request
 * through next/headers from inside its own CommonJS code). Each is exercised against `next start`
 * by the named live test instead, as every actor.
 */
export const exercisedLive: Record<string, string> = {
  [route('auth/[...nextauth]', 'GET')]: 'tests/security/live/rendering.test.ts (session, csrf and providers as every actor)',
  [route('auth/[...nextauth]', 'POST')]: 'tests/security/live/rendering.test.ts (credentials sign-in as every role, a wrong password refused)',
};


/** Turns the person's two-factor sign-in on with `secret` (or off with null); returns the secret. */
async function setTwoFactor<S extends string | null>(person: Person, secret: S): Promise<S> {
  await getDb()
    .update(users)
    .set(secret ? { totpSecret: encryptTotpSecret(secret), totpEnabledAt: new Date(), totpLastStep: null } : { totpSecret: null, totpEnabledAt: null, totpLastStep: null })
    .where(eq(users.id, person.id));
  return secret;
}

/** A pending staff invitation sent by `admin`, with its token in clear (as the e-mail carries it). */
async function pendingInvitation(admin: Person): Promise<{ id: string; token: string }> {
  const token = crypto.randomBytes(32).toString('base64url');
  const [row] = await getDb()
    .insert(invitations)
    .values({ email: `${unique('invitee')}@example.kz`, role: 'reviewer', locale: 'ru', tokenHash: sha256Hex(token), invitedById: admin.id, expiresAt: new Date(Date.now() + 72 * 3600_000) })
    .returning({ id: invitations.id });
  return { id: row!.id, token };
}

/** The setting of one attempt by `actor`: who holds the cases, whose ids are used. */
export function arrangeFor(world: World, actor: Actor): Arrange {
  const me = actor === 'anonymous' ? null : world[actor];
  return { world, actor, me, holder: me && me.role !== 'applicant' ? me : world.reviewer2, owner: world.applicant };
}

/** The setting of one attempt of `row` by `actor`: the world's people, or a new one for own-account rows. */
export async function arrangeAttempt(world: World, actor: Actor, row: Pick<Row, 'freshActor'>): Promise<Arrange> {
  const base = arrangeFor(world, actor);
  if (!row.freshActor || !base.me) return base;
  const me = await createPerson(base.me.role);
  return { ...base, me, holder: me.role !== 'applicant' ? me : world.reviewer2 };
}
