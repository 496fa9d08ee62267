'use server';

import { refreshLayouts, runAction } from '@/lib/actions/run';
import { closePetition, createPetition, openPetition, updatePetition } from '@/lib/petitions/mutations';
import {
  createPetitionSchema,
  petitionStatusChangeSchema,
  updatePetitionSchema,
  type CreatePetitionInput,
  type PetitionStatusChangeInput,
  type UpdatePetitionInput,
} from '@/lib/validation/petitions';

// Thin wrappers: validation, authorization and the work itself live in lib/petitions.

// Opening and closing also change what the public sees.
const run = <T extends { ok: boolean }>(result: Promise<T>) => refreshLayouts(result, '/[locale]/organize/petitions', '/[locale]/petitions');

export const createPetitionAction = async (input: CreatePetitionInput) =>
  run(runAction(createPetitionSchema, input, (data, { db, user, ip }) => createPetition(db, user, data, { ip })));
export const updatePetitionAction = async (input: UpdatePetitionInput) =>
  run(runAction(updatePetitionSchema, input, (data, { db, user, ip }) => updatePetition(db, user, data, { ip })));
export const openPetitionAction = async (input: PetitionStatusChangeInput) =>
  run(runAction(petitionStatusChangeSchema, input, (data, { db, user, ip }) => openPetition(db, user, data, { ip })));
export const closePetitionAction = async (input: PetitionStatusChangeInput) =>
  run(runAction(petitionStatusChangeSchema, input, (data, { db, user, ip }) => closePetition(db, user, data, { ip })));
