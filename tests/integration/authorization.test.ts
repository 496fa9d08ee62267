import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { auditEvents, cases, users } from '@/db/schema';
import { changeUserRole } from '@/lib/accounts/mutations';
import { listAuditEvents } from '@/lib/audit/queries';
import type { CurrentUser } from '@/lib/authz';
import { listCandidateCases } from '@/lib/bundles/bundles';
import { listMyCases } from '@/lib/cases/queries';
import { parseCandidateFilter } from '@/lib/validation/bundles';
import { listReviewQueue } from '@/lib/review/queue';
import { parseQueueFilter } from '@/lib/validation/review';
import { countCases } from '@/lib/insights/queries';
import { listPetitionsForOrganizers } from '@/lib/petitions/queries';
import { listUsers } from '@/lib/users/queries';
import { createUser } from '../factories/users';

let applicant: CurrentUser;
let otherApplicant: CurrentUser;
let reviewer: CurrentUser;
let organizer: CurrentUser;
let admin: CurrentUser;

beforeAll(async () => {
  [applicant, otherApplicant, reviewer, organizer, admin] = await Promise.all([
    createUser('applicant'),
    createUser('applicant'),
    createUser('reviewer'),
    createUser('organizer'),
    createUser('admin'),
  ]);
  const now = Date.now();
  await getDb()
    .insert(cases)
    .values([
      { applicantId: applicant.id, status: 'draft', courtName: 'Draft court' },
      { applicantId: applicant.id, status: 'submitted', reference: 'RD-2026-00001', waitingSince: new Date(now - 5 * 86_400_000) },
      { applicantId: otherApplicant.id, status: 'in_review', reference: 'RD-2026-00002', waitingSince: new Date(now - 9 * 86_400_000) },
      { applicantId: otherApplicant.id, status: 'accepted', reference: 'RD-2026-00003', strengthScore: 80 },
    ]);
});

const denied = (promise: Promise<unknown>, code: string) => expect(promise).rejects.toMatchObject({ code });

describe('case lists are scoped to who may see them', () => {
  it('shows an applicant only their own cases, drafts included', async () => {
    const mine = await listMyCases(applicant, 1);
    expect(mine.total).toBe(2);
    expect(mine.rows.map((r) => r.reference).sort()).toEqual(['RD-2026-00001', null].sort());
    const theirs = await listMyCases(otherApplicant, 1);
    expect(theirs.rows.map((r) => r.reference).sort()).toEqual(['RD-2026-00002', 'RD-2026-00003']);
  });

  it('shows reviewers submitted cases, longest waiting first, and never a draft', async () => {
    const queue = await listReviewQueue(reviewer, parseQueueFilter({}));
    expect(queue.rows.map((r) => r.reference)).toEqual(['RD-2026-00002', 'RD-2026-00001']);
    const drafts = await listReviewQueue(reviewer, parseQueueFilter({ status: 'draft' }));
    expect(drafts.rows.every((r) => r.status !== 'draft')).toBe(true);
  });

  it('gives organizers the accepted cases for bundling and the counts for insights', async () => {
    expect((await listCandidateCases(organizer, parseCandidateFilter({}))).rows.map((r) => r.reference)).toEqual(['RD-2026-00003']);
    const counts = await countCases(organizer);
    expect(counts.byStatus).toEqual(
      expect.arrayContaining([
        { key: 'submitted', count: 1 },
        { key: 'in_review', count: 1 },
        { key: 'accepted', count: 1 },
      ]),
    );
    expect(counts.byStatus.find((c) => c.key === 'draft')).toBeUndefined();
  });
});

describe('each role is refused what is not theirs', () => {
  it('refuses applicants the staff lists', async () => {
    await denied(listReviewQueue(applicant, parseQueueFilter({})), 'FORBIDDEN');
    await denied(listCandidateCases(applicant, parseCandidateFilter({})), 'FORBIDDEN');
    await denied(countCases(applicant), 'FORBIDDEN');
    await denied(listPetitionsForOrganizers(applicant, 1), 'FORBIDDEN');
    await denied(listUsers(applicant, 1), 'FORBIDDEN');
    await denied(listAuditEvents(applicant, {}, 1), 'FORBIDDEN');
  });

  it('refuses reviewers the organizer and admin sections, and applicant pages', async () => {
    await denied(listMyCases(reviewer, 1), 'FORBIDDEN');
    await denied(listCandidateCases(reviewer, parseCandidateFilter({})), 'FORBIDDEN');
    await denied(countCases(reviewer), 'FORBIDDEN');
    await denied(listPetitionsForOrganizers(reviewer, 1), 'FORBIDDEN');
    await denied(listUsers(reviewer, 1), 'FORBIDDEN');
    await denied(listAuditEvents(reviewer, {}, 1), 'FORBIDDEN');
  });

  it('refuses organizers the admin sections', async () => {
    await denied(listUsers(organizer, 1), 'FORBIDDEN');
    await denied(listAuditEvents(organizer, {}, 1), 'FORBIDDEN');
    await denied(listMyCases(organizer, 1), 'FORBIDDEN');
  });

  it('refuses everything to a visitor', async () => {
    await denied(listMyCases(null, 1), 'UNAUTHENTICATED');
    await denied(listReviewQueue(null, parseQueueFilter({})), 'UNAUTHENTICATED');
    await denied(listUsers(null, 1), 'UNAUTHENTICATED');
  });

  it('lets admins read users and the audit log', async () => {
    expect((await listUsers(admin, 1)).total).toBeGreaterThanOrEqual(5);
    await expect(listAuditEvents(admin, {}, 1)).resolves.toMatchObject({ page: 1 });
  });
});

describe('role changes', () => {
  it('are refused to everyone but admins, and change nothing', async () => {
    for (const actor of [applicant, reviewer, organizer]) {
      await denied(changeUserRole(getDb(), actor, { userId: applicant.id, role: 'admin' }), 'FORBIDDEN');
    }
    const row = await getDb().query.users.findFirst({ where: eq(users.id, applicant.id) });
    expect(row!.role).toBe('applicant');
  });

  it('are audited and sign the person out everywhere', async () => {
    const before = await getDb().query.users.findFirst({ where: eq(users.id, reviewer.id) });
    await changeUserRole(getDb(), admin, { userId: reviewer.id, role: 'organizer' }, { ip: '10.0.0.1' });
    const after = await getDb().query.users.findFirst({ where: eq(users.id, reviewer.id) });
    expect(after).toMatchObject({ role: 'organizer', sessionVersion: before!.sessionVersion + 1 });
    const [event] = await getDb().select().from(auditEvents).where(eq(auditEvents.action, 'user.role_changed'));
    expect(event).toMatchObject({ actorId: admin.id, recordId: reviewer.id, data: { from: 'reviewer', to: 'organizer' } });
    expect(event!.actorIpHash).toMatch(/^[a-f0-9]{32}$/);
    expect(JSON.stringify(event)).not.toContain('10.0.0.1');
  });

  it('never demote the last admin', async () => {
    await expect(changeUserRole(getDb(), admin, { userId: admin.id, role: 'reviewer' })).rejects.toMatchObject({
      code: 'CONFLICT',
      messageKey: 'admin.lastAdmin',
    });
    const second = await createUser('admin');
    await changeUserRole(getDb(), admin, { userId: second.id, role: 'organizer' });
    expect((await getDb().query.users.findFirst({ where: eq(users.id, second.id) }))!.role).toBe('organizer');
  });
});
