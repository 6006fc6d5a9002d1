// Where to go once a step (sign-in, password change, TOTP enrolment) is done: the `redirect`
// query when it is a path of this site, else the start page. Never another site ("//host").
import type { LocationQuery } from 'vue-router'

export function redirectTarget(query: LocationQuery): string {
  const redirect = query.redirect
  if (typeof redirect === 'string' && redirect.startsWith('/') && !redirect.startsWith('//')) return redirect
  return '/'
}
