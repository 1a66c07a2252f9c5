import type { IncomingMessage, ServerResponse } from 'node:http'

/** The request headers PostgREST and GoTrue accept from browsers (supabase-js sends these). */
export const CORS_ALLOWED_HEADERS = [
  'authorization',
  'apikey',
  'content-type',
  'x-client-info',
  'prefer',
  'accept',
  'accept-profile',
  'content-profile',
  'range',
  'x-supabase-api-version',
  // Storage (storage-js): upload options.
  'x-upsert',
  'cache-control',
  'x-metadata',
]

const CORS_EXPOSED_HEADERS = ['content-range', 'content-profile', 'x-supabase-api-version', 'www-authenticate', 'content-length', 'etag']

export function setCorsHeaders(res: ServerResponse): void {
  res.setHeader('Access-Control-Allow-Origin', '*')
  res.setHeader('Access-Control-Expose-Headers', CORS_EXPOSED_HEADERS.join(', '))
}

export function answerPreflight(res: ServerResponse): void {
  setCorsHeaders(res)
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PATCH, PUT, DELETE, OPTIONS')
  res.setHeader('Access-Control-Allow-Headers', CORS_ALLOWED_HEADERS.join(', '))
  res.setHeader('Access-Control-Max-Age', '86400')
  res.statusCode = 204
  res.end()
}

/** Sends a JSON body; `body` may be a ready JSON text (to keep Postgres' own serialisation). */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body)
  res.statusCode = status
  res.setHeader('Content-Type', 'application/json; charset=utf-8')
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value)
  res.end(text)
}

export function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  res.statusCode = status
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value)
  res.end()
}

/** A request body the backend will not read: its HTTP status, a PostgREST-style code and hint, a Chinese message. */
export class BodyError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    readonly hint: 'request_too_large' | 'json_too_deep' | 'json_invalid' | 'content_type',
    message: string,
  ) {
    super(message)
  }
}

export interface BodyLimits {
  /** Largest body read, in bytes; a larger one is answered 413 without being kept in memory. */
  maxBytes: number
  /** Deepest nesting of arrays and objects accepted. */
  maxDepth: number
}

/** A body this much over the limit is not even drained: the connection is closed after the answer. */
const DRAIN_CAP_BYTES = 64 * 1024 * 1024

/**
 * The request body parsed as JSON; `undefined` when empty. A body over `maxBytes` is drained
 * without keeping it and refused (413); nesting deeper than `maxDepth` is refused before parsing
 * (400), so no recursive code downstream meets it; a body that is not declared as JSON is refused
 * (415). Honours a body another middleware already read.
 */
export async function readJsonBody(req: IncomingMessage & { body?: unknown }, limits: BodyLimits): Promise<unknown> {
  if (req.body !== undefined) {
    if (typeof req.body !== 'string' && !Buffer.isBuffer(req.body)) return req.body
    return parseJson(req.body.toString(), limits)
  }
  const declared = Number(headerValue(req, 'content-length') ?? NaN)
  const chunks: Buffer[] = []
  let size = 0
  let tooLarge = declared > limits.maxBytes
  for await (const chunk of req as AsyncIterable<Buffer | string>) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
    size += buffer.length
    if (size > limits.maxBytes) {
      tooLarge = true
      chunks.length = 0
      if (size > DRAIN_CAP_BYTES) break
    }
    if (!tooLarge) chunks.push(buffer)
  }
  if (tooLarge) {
    const megabytes = Math.round((limits.maxBytes / 1024 / 1024) * 10) / 10
    throw new BodyError(413, 'request_too_large', `请求内容过大（最多 ${megabytes} MB），请分批提交`)
  }
  const text = Buffer.concat(chunks).toString('utf8')
  if (text.trim() !== '') {
    const type = (headerValue(req, 'content-type') ?? 'application/json').split(';')[0]!.trim().toLowerCase()
    if (type !== 'application/json') throw new BodyError(415, 'content_type', '请求内容必须是 JSON（Content-Type: application/json）')
  }
  return parseJson(text, limits)
}

/** Whether arrays and objects in a JSON text nest deeper than `max` (strings are skipped). */
export function jsonNestsDeeper(text: string, max: number): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 92) i++ // backslash: skip the escaped character
      else if (c === 34) inString = false
    } else if (c === 34) inString = true
    else if (c === 123 || c === 91) {
      if (++depth > max) return true
    } else if (c === 125 || c === 93) depth--
  }
  return false
}

function parseJson(text: string, limits: BodyLimits): unknown {
  if (text.trim() === '') return undefined
  if (jsonNestsDeeper(text, limits.maxDepth)) {
    throw new BodyError(400, 'json_too_deep', `请求内容嵌套过深（最多 ${limits.maxDepth} 层）`)
  }
  try {
    return JSON.parse(text)
  } catch {
    throw new BodyError(400, 'json_invalid', '请求内容不是有效的 JSON')
  }
}

/** The bearer token of the Authorization header, if any. */
export function bearerToken(req: IncomingMessage): string | null {
  const header = req.headers.authorization
  if (!header) return null
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
  return match?.[1] ?? null
}

export function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name]
  return Array.isArray(value) ? value.join(', ') : value
}
