/**
 * Password policy of scodoc.md D24 (an approximation of ScoDoc's minimum length + cracklib): at least
 * 8 characters, 5 distinct, 2 classes among lower/upper/digit/other, not containing the user's login,
 * name or first name, not a common password.
 */

const COMMON = new Set([
  'password',
  'password1',
  'password123',
  'motdepasse',
  'azerty123',
  'azertyuiop',
  'qwerty123',
  'qwertyuiop',
  '123456789',
  '1234567890',
  '12345678',
  'abcd1234',
  'iloveyou',
  'sunshine1',
  'princess1',
  'football1',
  'baseball1',
  'welcome1',
  'welcome123',
  'admin123',
  'administrator',
  'letmein1',
  'trustno1',
  'passw0rd',
  'p@ssw0rd',
  'p@ssword',
  'soleil123',
  'bonjour123',
  'marseille',
  'doudou123',
  'chouchou',
  'loulou123',
  'nicolas1',
  'julien123',
  'scodoc123',
  'scodoc2024',
  'changeme',
  'changeme1',
  'secret123',
  'master123',
  'dragon123',
  'monkey123',
  'shadow123',
  'superman1',
  'azerty1234',
  'qwerty1234',
  'zaq12wsx',
  '1q2w3e4r',
  '1q2w3e4r5t',
  'q1w2e3r4',
  'a1b2c3d4',
  'aaaaaaaa1',
]);

export function passwordAcceptable(
  password: string,
  user: { readonly user_name: string; readonly nom?: string | null; readonly prenom?: string | null },
): boolean {
  if (password.length < 8 || password.length > 256) return false;
  if (new Set(password).size < 5) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 2) return false;
  const lower = password.toLowerCase();
  for (const part of [user.user_name, user.nom, user.prenom]) {
    if (part && part.length >= 3 && lower.includes(part.toLowerCase())) return false;
  }
  return !COMMON.has(lower);
}
