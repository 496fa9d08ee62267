import { redirect } from 'next/navigation';
import { getCurrentUser } from '@/lib/auth/session';
import { landingPath } from '@/lib/authz';

/** Where sign-in lands: the first section of the user's role. */
export default async function StartPage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  const user = await getCurrentUser();
  if (!user) redirect(`/${locale}/sign-in`);
  redirect(`/${locale}${landingPath[user.role]}`);
}
