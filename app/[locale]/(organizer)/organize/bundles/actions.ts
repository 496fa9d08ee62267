'use server';

import { after } from 'next/server';
import { refreshLayouts, runAction } from '@/lib/actions/run';
import {
  addCaseToBundle,
  createBundle,
  finalizeBundle,
  moveBundleCase,
  removeCaseFromBundle,
  updateBundleSettings,
  updateCaseSummary,
  updateCoverLetter,
} from '@/lib/bundles/bundles';
import { preparePetition } from '@/lib/bundles/exports';
import { recordAnswer, submitBundle } from '@/lib/bundles/submission';
import {
  bundleCaseSchema,
  bundleSummarySchema,
  coverLetterSchema,
  createBundleSchema,
  finalizeBundleSchema,
  moveBundleCaseSchema,
  recordAnswerSchema,
  submitBundleSchema,
  updateBundleSchema,
  type BundleCaseInput,
  type BundleSummaryInput,
  type CoverLetterInput,
  type CreateBundleInput,
  type FinalizeBundleInput,
  type MoveBundleCaseInput,
  type RecordAnswerInput,
  type SubmitBundleInput,
  type UpdateBundleInput,
} from '@/lib/validation/bundles';

// Thin wrappers: validation, authorization and the work itself live in lib/bundles.

const run = <T extends { ok: boolean }>(result: Promise<T>) => refreshLayouts(result, '/[locale]/organize/bundles');

export const createBundleAction = async (input: CreateBundleInput) =>
  run(runAction(createBundleSchema, input, (data, { db, user, ip }) => createBundle(db, user, data, { ip })));
export const updateBundleSettingsAction = async (input: UpdateBundleInput) =>
  run(runAction(updateBundleSchema, input, (data, { db, user, ip }) => updateBundleSettings(db, user, data, { ip })));
export const addCaseAction = async (input: BundleCaseInput) =>
  run(runAction(bundleCaseSchema, input, (data, { db, user, ip }) => addCaseToBundle(db, user, data, { ip })));
export const removeCaseAction = async (input: BundleCaseInput) =>
  run(runAction(bundleCaseSchema, input, (data, { db, user, ip }) => removeCaseFromBundle(db, user, data, { ip })));
export const moveCaseAction = async (input: MoveBundleCaseInput) =>
  run(runAction(moveBundleCaseSchema, input, (data, { db, user, ip }) => moveBundleCase(db, user, data, { ip })));
export const updateSummaryAction = async (input: BundleSummaryInput) =>
  run(runAction(bundleSummarySchema, input, (data, { db, user, ip }) => updateCaseSummary(db, user, data, { ip })));
export const updateCoverLetterAction = async (input: CoverLetterInput) =>
  run(runAction(coverLetterSchema, input, (data, { db, user, ip }) => updateCoverLetter(db, user, data, { ip })));
export const finalizeBundleAction = async (input: FinalizeBundleInput) =>
  run(
    runAction(finalizeBundleSchema, input, async (data, { db, user, ip }) => {
      const saved = await finalizeBundle(db, user, data, { ip });
      // Render the petition once, after the response, so the first export starts at once.
      after(() => preparePetition(user, data.bundleId, db).catch((error: unknown) => console.error('Petition rendering failed:', error instanceof Error ? error.message : 'unknown error')));
      return saved;
    }),
  );
export const submitBundleAction = async (input: SubmitBundleInput) =>
  run(runAction(submitBundleSchema, input, (data, { db, user, ip }) => submitBundle(db, user, data, { ip })));
export const recordAnswerAction = async (input: RecordAnswerInput) =>
  run(runAction(recordAnswerSchema, input, (data, { db, user, ip }) => recordAnswer(db, user, data, { ip })));
