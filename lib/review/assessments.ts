import 'server-only';
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { assessments, cases, documents, type CriterionScore } from '@/db/schema';
import { assertCan, type CurrentUser } from '@/lib/authz';
import { recordAudit } from '@/lib/audit/record';
import { AppError } from '@/lib/errors';
import { assessmentSchema, scoreValue, type AssessmentInput } from '@/lib/validation/review';
import { criterionKeys, strengthScore } from './rubric';

type RequestContext = { ip?: string | null };

/** Statuses in which a case can still be assessed. */
const assessableStatuses = ['in_review', 'needs_info', 'recommended'];

/**
 * Saves the reviewer's own assessment: a draft (one per reviewer and case, updated in place)
 * or, on submit, the assessment whose strength score the queue shows.
 */
export async function saveAssessment(db: Db, user: CurrentUser | null, input: AssessmentInput, ctx: RequestContext = {}): Promise<{ strengthScore: number }> {
  assertCan(user, 'case.review');
  const data = assessmentSchema.parse(input);
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(cases).where(eq(cases.id, data.caseId)).for('update');
    if (!row) throw new AppError('NOT_FOUND');
    assertCan(user, 'case.view', row);
    if (!assessableStatuses.includes(row.status)) throw new AppError('CONFLICT', `review.stale.${row.status}`);

    // A citation must point at one of this case's documents.
    const cited = [...new Set(criterionKeys.map((k) => data.scores[k].documentId).filter(Boolean))];
    if (cited.length) {
      const found = await tx.select({ id: documents.id }).from(documents).where(and(eq(documents.caseId, row.id), inArray(documents.id, cited)));
      const missing = cited.find((id) => !found.some((d) => d.id === id));
      if (missing) {
        const key = criterionKeys.find((k) => data.scores[k].documentId === missing)!;
        throw new AppError('VALIDATION', 'validation.invalid', `scores.${key}.documentId`);
      }
    }

    const scores: Record<string, CriterionScore> = {};
    const numeric: Record<string, number | null> = {};
    for (const key of criterionKeys) {
      const c = data.scores[key];
      const score = scoreValue(c.score);
      numeric[key] = score;
      if (score === null && !c.comment && !c.documentId) continue;
      scores[key] = {
        score: score ?? -1,
        comment: c.comment,
        ...(c.documentId ? { citation: { documentId: c.documentId, page: c.page ? Number(c.page) : 1 } } : {}),
      };
    }
    const strength = strengthScore(numeric);
    const now = new Date();
    const values = { scores, strengthScore: strength, rationale: data.rationale || null, updatedAt: now };
    const draftWhere = and(eq(assessments.caseId, row.id), eq(assessments.reviewerId, user.id), eq(assessments.status, 'draft'));
    const [draft] = await tx.select({ id: assessments.id }).from(assessments).where(draftWhere);

    if (data.intent === 'draft') {
      if (draft) await tx.update(assessments).set(values).where(eq(assessments.id, draft.id));
      else await tx.insert(assessments).values({ caseId: row.id, reviewerId: user.id, status: 'draft', ...values });
      return { strengthScore: strength };
    }

    const submitted = { ...values, status: 'submitted' as const, submittedAt: now };
    if (draft) await tx.update(assessments).set(submitted).where(eq(assessments.id, draft.id));
    else await tx.insert(assessments).values({ caseId: row.id, reviewerId: user.id, ...submitted });
    // The queue sorts by the latest submitted assessment's score.
    await tx.update(cases).set({ strengthScore: strength, updatedAt: now }).where(eq(cases.id, row.id));
    await recordAudit(tx, { actorId: user.id, ip: ctx.ip, action: 'case.assessed', recordType: 'case', recordId: row.id, data: { strengthScore: strength } });
    return { strengthScore: strength };
  });
}
