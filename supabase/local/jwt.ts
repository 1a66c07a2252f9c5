import { createHmac, timingSafeEqual } from 'node:crypto'

/** Claims of a Supabase-style access token or API key. */
export interface JwtClaims {
  role?: string
  sub?: string
  exp?: number
  iat?: number
  [claim: string]: unknown
}

export type JwtCheck =
  | { ok: true; claims: JwtClaims }
  | { ok: false; reason: 'malformed' | 'algorithm' | 'signature' | 'no_expiry' | 'expired' | 'not_yet_valid' }

/** Default seconds of clock skew tolerated on `exp` and `nbf`. */
export const JWT_LEEWAY_SECONDS = 5

function base64url(input: Buffer | string): string {
  return Buffer.from(input).toString('base64url')
}

function hmac(secret: string, data: string): Buffer {
  return createHmac('sha256', secret).update(data).digest()
}

export function signJwt(claims: JwtClaims, secret: string): string {
  const head = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))
  const body = base64url(JSON.stringify(claims))
  return `${head}.${body}.${base64url(hmac(secret, `${head}.${body}`))}`
}

function parseJsonPart(part: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'))
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null
  } catch {
    return null
  }
}

/**
 * Verifies an HS256 token: only HS256, constant-time signature check, `exp` required (a token
 * without one would never expire), `exp`/`nbf` checked with leeway.
 */
export function verifyJwt(
  token: string,
  secret: string,
  { leewaySeconds = JWT_LEEWAY_SECONDS, nowSeconds = Math.floor(Date.now() / 1000) } = {},
): JwtCheck {
  const parts = token.split('.')
  if (parts.length !== 3) return { ok: false, reason: 'malformed' }
  const [head, body, signature] = parts as [string, string, string]
  const header = parseJsonPart(head)
  const claims = parseJsonPart(body)
  if (!header || !claims) return { ok: false, reason: 'malformed' }
  if (header.alg !== 'HS256') return { ok: false, reason: 'algorithm' }
  const expected = hmac(secret, `${head}.${body}`)
  const given = Buffer.from(signature, 'base64url')
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'signature' }
  if (claims.exp === undefined) return { ok: false, reason: 'no_expiry' }
  if (typeof claims.exp !== 'number' || !Number.isFinite(claims.exp) || claims.exp + leewaySeconds <= nowSeconds) {
    return { ok: false, reason: 'expired' }
  }
  if (claims.nbf !== undefined && (typeof claims.nbf !== 'number' || claims.nbf - leewaySeconds > nowSeconds)) {
    return { ok: false, reason: 'not_yet_valid' }
  }
  return { ok: true, claims: claims as JwtClaims }
}
