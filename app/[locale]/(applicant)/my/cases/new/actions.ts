'use server';

import { runAction } from '@/lib/actions/run';
import { saveIntakeStep, submitCase } from '@/lib/cases/intake';
import { saveStepSchema, submitCaseSchema, type SaveStepInput } from '@/lib/validation/intake';

export async function saveStepAction(input: SaveStepInput) {
  return runAction(saveStepSchema, input, (data, { db, user }) => saveIntakeStep(db, user, data));
}

export async function submitCaseAction(input: { caseId: string }) {
  return runAction(submitCaseSchema, input, (data, { db, user, ip }) => submitCase(db, user, data.caseId, { ip }));
}
