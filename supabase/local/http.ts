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
]

const CORS_EXPOSED_HEADERS = ['content-range', 'content-profile', 'x-supabase-api-version', 'www-authenticate']

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

export class BodyError extends Error {}

const MAX_BODY_BYTES = 32 * 1024 * 1024

/** The request body parsed as JSON; `undefined` when empty. Honours a body another middleware already read. */
export async function readJsonBody(req: IncomingMessage & { body?: unknown }): Promise<unknown> {
  if (req.body !== undefined) {
    if (typeof req.body !== 'string' && !Buffer.isBuffer(req.body)) return req.body
    return parseJson(req.body.toString())
  }
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer | string>) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
    size += buffer.length
    if (size > MAX_BODY_BYTES) throw new BodyError('Request body is too large')
    chunks.push(buffer)
  }
  return parseJson(Buffer.concat(chunks).toString('utf8'))
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined
  try {
    return JSON.parse(text)
  } catch {
    throw new BodyError('Request body is not valid JSON')
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
