// The password policy as the server applies it (crypto/password_policy.cpp), for hints and
// early checks in forms; the server's answer is the one that counts (it also refuses common
// passwords).

export type PasswordProblem = 'too_short' | 'too_few_classes' | 'contains_login'

/** The first rule `password` breaks, or null. */
export function passwordProblem(password: string, login = ''): PasswordProblem | null {
  if ([...password].length < 8) return 'too_short'
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(password)).length
  if (classes < 3) return 'too_few_classes'
  if ([...login].length >= 3 && password.toLowerCase().includes(login.toLowerCase())) return 'contains_login'
  return null
}

/** A random 16-character password with all four classes, for initial and reset passwords. */
export function generatePassword(): string {
  const sets = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnpqrstuvwxyz', '23456789', '@#%+=?!']
  const all = sets.join('')
  const random = (n: number) => {
    const buf = new Uint32Array(1)
    crypto.getRandomValues(buf)
    return buf[0] % n
  }
  const chars = sets.map((s) => s[random(s.length)])
  while (chars.length < 16) chars.push(all[random(all.length)])
  for (let i = chars.length - 1; i > 0; i--) {
    const j = random(i + 1)
    ;[chars[i], chars[j]] = [chars[j], chars[i]]
  }
  return chars.join('')
}
