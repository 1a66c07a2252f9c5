/**
 * The Storage routes supabase-js (storage-js) calls, on the local backend: upload, download,
 * remove and signed URLs under `/storage/v1/object`. The database decides every access: the
 * `storage.objects` row is inserted, read or deleted as the caller (role and JWT claims, as
 * PostgREST switches them), so the policies of the migrations apply; the bytes live in files under
 * `<storage dir>/<bucket>/<name>`. An upload writes its file before the row commits (and removes it
 * if the commit fails); a removal deletes the rows, commits, then the files: no row without its file.
 * Errors have Supabase Storage's shape (`{ statusCode, error, message }`, HTTP 400 unless 500), which
 * storage-js reports as StorageApiError with `statusCode` ('409' for an existing name).
 */
import { randomUUID, createHash } from 'node:crypto'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { dirname, join, resolve, sep } from 'node:path'
import type { PGlite, Transaction } from '@electric-sql/pglite'
import { headerValue, sendJson } from './http.ts'
import { signJwt, verifyJwt, type JwtClaims } from './jwt.ts'
import { isApiRole, type ApiRole } from './rest.ts'

/** The largest request body read on an upload route: the bucket's limit is checked on the file itself. */
export const STORAGE_MAX_BODY_BYTES = 5 * 1024 * 1024 + 64 * 1024

/** What the HTTP side asks the database thread to do for a Storage request. */
export type StorageDbRequest =
  | {
      op: 'upload'
      caller: Caller
      bucket: string
      name: string
      bytes: Uint8Array
      mimetype: string
      cacheControl: string
      upsert: boolean
    }
  | { op: 'find'; caller: Caller | null; bucket: string; name: string }
  | { op: 'remove'; caller: Caller; bucket: string; names: string[] }

export interface Caller {
  claims: JwtClaims
  role: ApiRole
}

export interface StorageError {
  statusCode: string
  error: string
  message: string
}

export type StorageDbReply =
  | { ok: true; body: unknown; file?: StoredFile }
  | { ok: false; error: StorageError }

interface StoredFile {
  mimetype: string
  size: number
  cacheControl: string
  eTag: string
}

const storageError = (statusCode: number, error: string, message: string): StorageError => ({ statusCode: String(statusCode), error, message })
const NOT_FOUND = storageError(404, 'not_found', 'Object not found')
const BUCKET_NOT_FOUND = storageError(404, 'Bucket not found', 'Bucket not found')
const RLS_REFUSED = storageError(403, 'Unauthorized', 'new row violates row-level security policy')
const DUPLICATE = storageError(409, 'Duplicate', 'The resource already exists')
const TOO_LARGE = storageError(413, 'Payload too large', 'The object exceeded the maximum allowed size')
const refused = (error: StorageError): StorageDbReply => ({ ok: false, error })

/**
 * Why an object name is refused, or null: no empty, `.` or `..` segment, no backslash, no leading
 * or trailing slash, no control character, at most 1,024 bytes. What passes cannot leave its
 * bucket's directory.
 */
export function objectNameProblem(name: string): string | null {
  if (name === '' || Buffer.byteLength(name) > 1024) return 'length'
  if (name.includes('\\') || [...name].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return 'character'
  if (name.split('/').some((part) => part === '' || part === '.' || part === '..')) return 'segment'
  return null
}

const BUCKET_NAME = /^[A-Za-z0-9_-]{1,63}$/

/** The file of an object; throws if the name would leave the bucket's directory. */
export function objectFile(dir: string, bucket: string, name: string): string {
  if (!BUCKET_NAME.test(bucket) || objectNameProblem(name)) throw new Error('Invalid object name')
  const base = resolve(dir, bucket)
  const file = resolve(base, name)
  if (!file.startsWith(base + sep)) throw new Error('Invalid object name')
  return file
}

/** PostgREST's role switch inside the current transaction. */
async function actAs(tx: Transaction, caller: Caller): Promise<void> {
  await tx.query(
    `select set_config('request.jwt.claims', $1, true), set_config('role', $2, true)`,
    [JSON.stringify(caller.claims), caller.role],
  )
}

const sqlState = (error: unknown) => (error as { code?: string }).code

/** The database thread's side of a Storage request (db-host.ts). */
export async function runStorage(db: PGlite, dir: string, request: StorageDbRequest): Promise<StorageDbReply> {
  switch (request.op) {
    case 'upload':
      return upload(db, dir, request)
    case 'find':
      return find(db, request)
    case 'remove':
      return remove(db, dir, request)
  }
}

async function upload(db: PGlite, dir: string, request: Extract<StorageDbRequest, { op: 'upload' }>): Promise<StorageDbReply> {
  const { rows: buckets } = await db.query<{ file_size_limit: number | null; allowed_mime_types: string[] | null }>(
    `select file_size_limit, allowed_mime_types from storage.buckets where id = $1`,
    [request.bucket],
  )
  const bucket = buckets[0]
  if (!bucket) return refused(BUCKET_NOT_FOUND)
  if (bucket.file_size_limit !== null && request.bytes.byteLength > Number(bucket.file_size_limit)) return refused(TOO_LARGE)
  if (bucket.allowed_mime_types && bucket.allowed_mime_types.length > 0 && !bucket.allowed_mime_types.includes(request.mimetype)) {
    return refused(storageError(415, 'invalid_mime_type', `mime type ${request.mimetype} is not supported`))
  }
  const file = objectFile(dir, request.bucket, request.name)
  const eTag = `"${createHash('md5').update(request.bytes).digest('hex')}"`
  const metadata = {
    eTag,
    size: request.bytes.byteLength,
    mimetype: request.mimetype,
    cacheControl: request.cacheControl,
    lastModified: new Date().toISOString(),
    contentLength: request.bytes.byteLength,
    httpStatusCode: 200,
  }
  let written: string | null = null
  try {
    const id = randomUUID()
    await db.transaction(async (tx) => {
      await actAs(tx, request.caller)
      const conflict = request.upsert
        ? `on conflict (bucket_id, name) do update set metadata = excluded.metadata, version = excluded.version,
             owner = excluded.owner, owner_id = excluded.owner_id, updated_at = now()`
        : ''
      // No RETURNING: it would need the select policy too, and the id is made here.
      await tx.query(
        `insert into storage.objects (id, bucket_id, name, owner, owner_id, metadata, version)
         values ($1, $2, $3, $4, $5, $6, $7) ${conflict}`,
        [id, request.bucket, request.name, request.caller.claims.sub ?? null, request.caller.claims.sub ?? null, metadata, randomUUID()],
      )
      // The bytes are in place before the row commits; a temporary name keeps a half-written file unseen.
      await mkdir(dirname(file), { recursive: true })
      const partial = `${file}.${randomUUID()}.part`
      await writeFile(partial, request.bytes)
      await rename(partial, file)
      written = file
    })
    return { ok: true, body: { Id: id, Key: `${request.bucket}/${request.name}` } }
  } catch (error) {
    // Nothing committed: a file written for this row goes too (only this upload could write that name).
    if (written) await rm(written, { force: true })
    if (sqlState(error) === '23505') return refused(DUPLICATE)
    if (sqlState(error) === '42501') return refused(RLS_REFUSED)
    throw error
  }
}

async function find(db: PGlite, request: Extract<StorageDbRequest, { op: 'find' }>): Promise<StorageDbReply> {
  const rows = await db.transaction(async (tx) => {
    if (request.caller) await actAs(tx, request.caller)
    const { rows: found } = await tx.query<{ name: string; metadata: Record<string, unknown> | null }>(
      `select name, metadata from storage.objects where bucket_id = $1 and name = $2`,
      [request.bucket, request.name],
    )
    return found
  })
  const row = rows[0]
  if (!row) return refused(NOT_FOUND)
  const metadata = row.metadata ?? {}
  return {
    ok: true,
    body: null,
    file: {
      mimetype: typeof metadata.mimetype === 'string' ? metadata.mimetype : 'application/octet-stream',
      size: Number(metadata.size ?? 0),
      cacheControl: typeof metadata.cacheControl === 'string' ? metadata.cacheControl : 'no-cache',
      eTag: typeof metadata.eTag === 'string' ? metadata.eTag : '',
    },
  }
}

async function remove(db: PGlite, dir: string, request: Extract<StorageDbRequest, { op: 'remove' }>): Promise<StorageDbReply> {
  const names = request.names.filter((name) => objectNameProblem(name) === null)
  const deleted = await db.transaction(async (tx) => {
    await actAs(tx, request.caller)
    const { rows } = await tx.query<Record<string, unknown>>(
      `delete from storage.objects where bucket_id = $1 and name = any ($2::text[])
       returning id, name, bucket_id, owner, owner_id, version, metadata, created_at, updated_at, last_accessed_at`,
      [request.bucket, names],
    )
    return rows
  })
  // The rows are gone for good: their files follow (a file without a row is never served).
  for (const row of deleted) await rm(objectFile(dir, request.bucket, String(row.name)), { force: true })
  return { ok: true, body: deleted }
}

/** What the HTTP side needs from the backend. */
export interface StorageContext {
  secret: string
  leewaySeconds: number
  storageDir: string
  maxBodyBytes: number
  /** Runs a database request in the caller's turn (the backend's fair queue). */
  run(caller: string, request: StorageDbRequest): Promise<StorageDbReply>
}

function sendError(res: ServerResponse, error: StorageError): void {
  const status = error.statusCode === '500' ? 500 : 400
  sendJson(res, status, { statusCode: error.statusCode, error: error.error, message: error.message })
}

/** The caller of a Storage request: its bearer token (supabase-js sends the anon key when signed out). */
function callerOf(req: IncomingMessage, context: StorageContext): Caller | StorageError {
  const header = headerValue(req, 'authorization')
  const token = header ? /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] : undefined
  if (!token) return { statusCode: '400', error: 'InvalidJWT', message: 'headers must have required property \'authorization\'' }
  const check = verifyJwt(token, context.secret, { leewaySeconds: context.leewaySeconds })
  if (!check.ok) return { statusCode: '400', error: 'InvalidJWT', message: check.reason === 'expired' ? 'jwt expired' : 'invalid signature' }
  const role = check.claims.role ?? 'anon'
  if (!isApiRole(role) || role === 'service_role') {
    return { statusCode: '403', error: 'Unauthorized', message: `role ${String(role)} is not served here` }
  }
  return { claims: check.claims, role }
}

/** `<bucket>/<name>` of a path tail, decoded, or a refusal (a name that could leave its bucket). */
function objectOf(tail: string): { bucket: string; name: string } | StorageError {
  const invalid = (what: string): StorageError => ({ statusCode: '400', error: 'InvalidKey', message: `Invalid key: ${what}` })
  const slash = tail.indexOf('/')
  if (slash <= 0) return invalid(tail)
  let bucket: string
  let name: string
  try {
    bucket = decodeURIComponent(tail.slice(0, slash))
    name = tail
      .slice(slash + 1)
      .split('/')
      .map((part) => decodeURIComponent(part))
      .join('/')
  } catch {
    return invalid(tail)
  }
  if (!BUCKET_NAME.test(bucket) || objectNameProblem(name)) return invalid(name)
  return { bucket, name }
}

const isError = (value: object): value is StorageError => 'statusCode' in value && 'message' in value

async function sendObject(res: ServerResponse, context: StorageContext, bucket: string, name: string, file: StoredFile): Promise<void> {
  let bytes: Buffer
  try {
    bytes = await readFile(objectFile(context.storageDir, bucket, name))
  } catch {
    sendError(res, NOT_FOUND)
    return
  }
  res.statusCode = 200
  res.setHeader('Content-Type', file.mimetype)
  res.setHeader('Content-Length', String(bytes.byteLength))
  res.setHeader('Cache-Control', file.cacheControl.startsWith('max-age') || file.cacheControl === 'no-cache' ? file.cacheControl : `max-age=${file.cacheControl}`)
  if (file.eTag) res.setHeader('ETag', file.eTag)
  res.end(bytes)
}

/** The file and its type from an upload body: multipart form data (a Blob) or the raw bytes. */
async function uploadedFile(req: IncomingMessage, body: Buffer): Promise<{ bytes: Uint8Array; mimetype: string; cacheControl: string } | StorageError> {
  const type = headerValue(req, 'content-type') ?? 'application/octet-stream'
  if (/^multipart\/form-data/i.test(type)) {
    let form: FormData
    try {
      form = await new Response(new Uint8Array(body), { headers: { 'content-type': type } }).formData()
    } catch {
      return { statusCode: '400', error: 'InvalidRequest', message: 'The multipart body could not be read' }
    }
    const file = [...form.values()].find((value): value is File => typeof value !== 'string')
    if (!file) return { statusCode: '400', error: 'InvalidRequest', message: 'No content provided' }
    const cacheControl = form.get('cacheControl')
    return {
      bytes: new Uint8Array(await file.arrayBuffer()),
      mimetype: (file.type || 'application/octet-stream').split(';')[0]!.trim().toLowerCase(),
      cacheControl: typeof cacheControl === 'string' ? cacheControl : '3600',
    }
  }
  const cacheControl = (headerValue(req, 'cache-control') ?? 'max-age=3600').replace(/^max-age=/, '')
  return { bytes: new Uint8Array(body), mimetype: type.split(';')[0]!.trim().toLowerCase(), cacheControl }
}

/** Serves `/storage/v1/...`; answers 404 for routes the local backend does not serve. */
export async function handleStorage(req: IncomingMessage, res: ServerResponse, url: URL, context: StorageContext): Promise<void> {
  // The path as sent: URL parsing would already have resolved '%2e%2e' segments, hiding what was asked.
  const path = (req.url ?? '').split('?')[0]!.replace(/^\/storage\/v1/, '')
  const method = req.method ?? 'GET'
  const unserved = (): void => sendJson(res, 404, { statusCode: '404', error: 'not_found', message: `The local backend does not serve ${method} ${url.pathname}` })

  // A signed URL: the token is the permission (no apikey, no bearer token; an <img> may fetch it).
  const signed = /^\/object\/sign\/(.+)$/.exec(path)
  if (signed && (method === 'GET' || method === 'HEAD')) {
    const object = objectOf(signed[1]!)
    if (isError(object)) return sendError(res, object)
    const token = url.searchParams.get('token') ?? ''
    const check = verifyJwt(token, context.secret, { leewaySeconds: 0 })
    if (!check.ok) return sendError(res, { statusCode: '400', error: 'InvalidJWT', message: check.reason === 'expired' ? 'jwt expired' : 'invalid signature' })
    if (check.claims.url !== `${object.bucket}/${object.name}`) {
      return sendError(res, { statusCode: '400', error: 'InvalidSignature', message: 'The url does not match the signature' })
    }
    const reply = await context.run(`address:${req.socket.remoteAddress ?? 'unknown'}`, { op: 'find', caller: null, ...object })
    if (!reply.ok) return sendError(res, reply.error)
    return sendObject(res, context, object.bucket, object.name, reply.file!)
  }

  const caller = callerOf(req, context)
  if (isError(caller)) return sendError(res, caller)
  const turn = typeof caller.claims.sub === 'string' && caller.claims.sub !== '' ? `user:${caller.claims.sub}` : `address:${req.socket.remoteAddress ?? 'unknown'}`

  if (signed && method === 'POST') {
    const object = objectOf(signed[1]!)
    if (isError(object)) return sendError(res, object)
    const body = await readJson(req)
    const expiresIn = (body as { expiresIn?: unknown } | null)?.expiresIn
    if (typeof expiresIn !== 'number' || !Number.isInteger(expiresIn) || expiresIn < 1) {
      return sendError(res, { statusCode: '400', error: 'InvalidRequest', message: 'body/expiresIn must be a positive integer' })
    }
    const reply = await context.run(turn, { op: 'find', caller, ...object })
    if (!reply.ok) return sendError(res, reply.error)
    const now = Math.floor(Date.now() / 1000)
    const token = signJwt({ url: `${object.bucket}/${object.name}`, iat: now, exp: now + expiresIn }, context.secret)
    return sendJson(res, 200, { signedURL: `/object/sign/${object.bucket}/${object.name}?token=${token}` })
  }

  const download = /^\/object\/(?:authenticated\/)?(.+)$/.exec(path)
  if (download && (method === 'GET' || method === 'HEAD') && !/^\/object\/(public|info|list|upload)\//.test(path)) {
    const object = objectOf(download[1]!)
    if (isError(object)) return sendError(res, object)
    const reply = await context.run(turn, { op: 'find', caller, ...object })
    if (!reply.ok) return sendError(res, reply.error)
    return sendObject(res, context, object.bucket, object.name, reply.file!)
  }

  const removal = /^\/object\/([^/]+)\/?$/.exec(path)
  if (removal && method === 'DELETE') {
    const body = await readJson(req)
    const prefixes = (body as { prefixes?: unknown } | null)?.prefixes
    if (!Array.isArray(prefixes) || prefixes.length > 1000 || prefixes.some((p) => typeof p !== 'string')) {
      return sendError(res, { statusCode: '400', error: 'InvalidRequest', message: 'body/prefixes must be an array of at most 1000 names' })
    }
    const reply = await context.run(turn, { op: 'remove', caller, bucket: decodeURIComponent(removal[1]!), names: prefixes as string[] })
    if (!reply.ok) return sendError(res, reply.error)
    return sendJson(res, 200, reply.body)
  }

  const uploadPath = /^\/object\/(.+)$/.exec(path)
  if (uploadPath && (method === 'POST' || method === 'PUT') && !/^\/object\/(sign|upload|move|copy|list|info)\//.test(path)) {
    const object = objectOf(uploadPath[1]!)
    if (isError(object)) return sendError(res, object)
    const body = await readRawBody(req, context.maxBodyBytes)
    if (!body) {
      res.setHeader('Connection', 'close')
      return sendError(res, TOO_LARGE)
    }
    const file = await uploadedFile(req, body)
    if (isError(file)) return sendError(res, file)
    // PUT (storage-js update) overwrites; the evidence bucket has no update policy, so it is refused there.
    const upsert = method === 'PUT' || headerValue(req, 'x-upsert') === 'true'
    const reply = await context.run(turn, { op: 'upload', caller, ...object, ...file, upsert })
    if (!reply.ok) return sendError(res, reply.error)
    return sendJson(res, 200, reply.body)
  }
  return unserved()
}

/** A body this much over the limit is not even drained: the connection is closed after the answer. */
const DRAIN_CAP_BYTES = 64 * 1024 * 1024

/** The request body, or null when it is over `maxBytes` (what came is drained, not kept). */
export async function readRawBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | null> {
  if (Number(headerValue(req, 'content-length') ?? 0) > maxBytes) return null
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer | string>) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
    size += buffer.length
    if (size > maxBytes) {
      chunks.length = 0
      if (size > DRAIN_CAP_BYTES) break
    } else chunks.push(buffer)
  }
  return size > maxBytes ? null : Buffer.concat(chunks)
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const body = await readRawBody(req, 64 * 1024)
  if (!body || body.length === 0) return null
  try {
    return JSON.parse(body.toString('utf8'))
  } catch {
    return null
  }
}

/** The default directory of object files beside the database's: `<root>/.data/storage`. */
export function defaultStorageDir(root: string): string {
  return join(root, '.data/storage')
}
