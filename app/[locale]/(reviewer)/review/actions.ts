'use server';

import { revalidatePath } from 'next/cache';
import { runAction } from '@/lib/actions/run';
import { saveAssessment } from '@/lib/review/assessments';
import {
  addNote,
  assignCase,
  bulkAssign,
  bulkTag,
  claimCase,
  confirmRecommendation,
  declareNoConflict,
  declineCase,
  postStaffMessage,
  recommendCase,
  releaseCase,
  requestInformation,
  returnRecommendation,
  setCaseTag,
} from '@/lib/review/decisions';
import {
  assessmentSchema,
  assignCaseSchema,
  bulkAssignSchema,
  bulkTagSchema,
  caseVersionSchema,
  claimCaseSchema,
  confirmSchema,
  declareNoConflictSchema,
  declineSchema,
  noteSchema,
  recommendSchema,
  requestInfoSchema,
  returnRecommendationSchema,
  setCaseTagSchema,
  staffMessageSchema,
  type AssessmentInput,
  type AssignCaseInput,
  type BulkAssignInput,
  type BulkTagInput,
  type CaseVersionInput,
  type ClaimCaseInput,
  type ConfirmInput,
  type DeclareNoConflictInput,
  type DeclineInput,
  type NoteInput,
  type RecommendInput,
  type RequestInfoInput,
  type ReturnRecommendationInput,
  type SetCaseTagInput,
  type StaffMessageInput,
} from '@/lib/validation/review';

// Thin wrappers: validation, authorization and the work itself live in lib/review.

function refresh() {
  revalidatePath('/[locale]/review', 'layout');
}

async function run<T extends { ok: boolean }>(result: Promise<T>): Promise<T> {
  const value = await result;
  if (value.ok) refresh();
  return value;
}

export const claimCaseAction = async (input: ClaimCaseInput) =>
  run(runAction(claimCaseSchema, input, (data, { db, user, ip }) => claimCase(db, user, data, { ip })));
export const releaseCaseAction = async (input: CaseVersionInput) =>
  run(runAction(caseVersionSchema, input, (data, { db, user, ip }) => releaseCase(db, user, data, { ip })));
export const assignCaseAction = async (input: AssignCaseInput) =>
  run(runAction(assignCaseSchema, input, (data, { db, user, ip }) => assignCase(db, user, data, { ip })));
export const declareNoConflictAction = async (input: DeclareNoConflictInput) =>
  run(runAction(declareNoConflictSchema, input, (data, { db, user, ip }) => declareNoConflict(db, user, data, { ip })));
export const bulkAssignAction = async (input: BulkAssignInput) =>
  run(runAction(bulkAssignSchema, input, (data, { db, user, ip }) => bulkAssign(db, user, data, { ip })));
export const bulkTagAction = async (input: BulkTagInput) =>
  run(runAction(bulkTagSchema, input, (data, { db, user, ip }) => bulkTag(db, user, data, { ip })));
export const setCaseTagAction = async (input: SetCaseTagInput) =>
  run(runAction(setCaseTagSchema, input, (data, { db, user, ip }) => setCaseTag(db, user, data, { ip })));
export const saveAssessmentAction = async (input: AssessmentInput) =>
  run(runAction(assessmentSchema, input, (data, { db, user, ip }) => saveAssessment(db, user, data, { ip })));
export const requestInfoAction = async (input: RequestInfoInput) =>
  run(runAction(requestInfoSchema, input, (data, { db, user, ip }) => requestInformation(db, user, data, { ip })));
export const recommendAction = async (input: RecommendInput) =>
  run(runAction(recommendSchema, input, (data, { db, user, ip }) => recommendCase(db, user, data, { ip })));
export const confirmAction = async (input: ConfirmInput) =>
  run(runAction(confirmSchema, input, (data, { db, user, ip }) => confirmRecommendation(db, user, data, { ip })));
export const returnRecommendationAction = async (input: ReturnRecommendationInput) =>
  run(runAction(returnRecommendationSchema, input, (data, { db, user, ip }) => returnRecommendation(db, user, data, { ip })));
export const declineAction = async (input: DeclineInput) =>
  run(runAction(declineSchema, input, (data, { db, user, ip }) => declineCase(db, user, data, { ip })));
export const addNoteAction = async (input: NoteInput) =>
  run(runAction(noteSchema, input, (data, { db, user, ip }) => addNote(db, user, data, { ip })));
export const postStaffMessageAction = async (input: StaffMessageInput) =>
  run(runAction(staffMessageSchema, input, (data, { db, user, ip }) => postStaffMessage(db, user, data, { ip })));
