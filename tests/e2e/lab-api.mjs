// A lab's system for the browser tests: requests signed with LW-HMAC-SM3 (the API manual,
// agent/README.md) under a key the security admin issues. Node's OpenSSL has SM3.
import { createHash, createHmac, randomUUID } from 'node:crypto'
import { apiCall, apiLogin, DEMO } from './accounts.mjs'
import { BASE_URL } from './browser.mjs'

/** The six lines: method, decoded path, sorted decoded query, timestamp, nonce, body SM3. */
export function canonicalString(method, url, timestamp, nonce, body) {
  const u = new URL(url, BASE_URL)
  const query = [...u.searchParams.entries()]
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&')
  const bodyHash = createHash('sm3').update(body).digest('hex')
  return [method.toUpperCase(), decodeURIComponent(u.pathname), query, String(timestamp), nonce, bodyHash].join('\n')
}

/** A lab system signing with `key` ({key_id, secret: 64 hex digits}). */
export function labClient(key) {
  const secret = Buffer.from(key.secret, 'hex')
  async function call(method, path, data) {
    const body = data === undefined ? '' : JSON.stringify(data)
    const timestamp = Math.floor(Date.now() / 1000)
    const nonce = randomUUID()
    const signature = createHmac('sm3', secret).update(canonicalString(method, path, timestamp, nonce, body)).digest('hex')
    const headers = {
      Authorization: `LW-HMAC-SM3 KeyId=${key.key_id}, Signature=${signature}`,
      'X-Timestamp': String(timestamp),
      'X-Nonce': nonce,
      Accept: 'application/json',
    }
    if (data !== undefined) {
      headers['Content-Type'] = 'application/json'
      headers['Idempotency-Key'] = randomUUID()
    }
    const response = await fetch(`${BASE_URL}${path}`, { method, headers, body: data === undefined ? undefined : body })
    const text = await response.text()
    let json = null
    try {
      json = text ? JSON.parse(text) : null
    } catch {
      json = text
    }
    return { status: response.status, body: json }
  }
  return {
    get: (path) => call('GET', path),
    post: (path, data) => call('POST', path, data),
  }
}

/** A new key of `labCode` issued by the security admin (in a context of its own). */
export async function issueLabKey(browser, labCode) {
  const admin = await browser.newContext()
  try {
    const { csrf } = await apiLogin(admin, DEMO.secadmin)
    const issued = await apiCall(admin, csrf, 'POST', `/api/v1/labs/${labCode}/keys`)
    if (issued.status !== 201) throw new Error(`issuing a key of ${labCode}: ${issued.status} ${JSON.stringify(issued.body)}`)
    return { key_id: issued.body.key_id, secret: issued.body.secret }
  } finally {
    await admin.close()
  }
}
