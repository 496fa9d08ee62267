import bcrypt from 'bcryptjs';

// bcrypt cost 12 (about 250 ms here). Tests lower it through BCRYPT_ROUNDS to stay fast.
const rounds = () => Number(process.env.BCRYPT_ROUNDS ?? 12);

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, rounds());
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

// Compared against when the e-mail is unknown, so both paths cost the same time.
let dummyHash: string | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= await bcrypt.hash('not-a-real-password', rounds());
  await bcrypt.compare(password, dummyHash);
}
