'use server';

import { revalidatePath } from 'next/cache';
import { runAction } from '@/lib/actions/run';
import { updatePrivacySettings } from '@/lib/privacy/retention';
import { retentionSettingsSchema, type RetentionSettingsInput } from '@/lib/validation/privacy';

export async function updateRetentionAction(input: RetentionSettingsInput) {
  const result = await runAction(retentionSettingsSchema, input, (data, { db, user, ip }) => updatePrivacySettings(db, user, data, { ip }));
  if (result.ok) revalidatePath('/[locale]/admin/settings', 'page');
  return result;
}
