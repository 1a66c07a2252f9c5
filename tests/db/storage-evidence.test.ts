/**
 * Photo evidence through the local backend's Storage routes, with supabase-js as the app calls
 * them: the policies of 20261201007000_evidence_storage.sql as a role × operation matrix (upload,
 * read by download and by signed URL, remove) on paths of the own branch, another branch, the
 * organisation and another organisation, for events, visits and donation campaigns; then the
 * answers storage-js reports (already exists, too large, wrong type), path traversal, and that a
 * file that cannot be written leaves no row.
 */
import { randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { request } from 'node:http'
import { dirname, join } from 'node:path'
import { createClient, type SupabaseClient } from '@supabase/supabase-js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { startLocalBackendServer, type LocalBackendServer } from '../../supabase/local/serve'
import { projectRoot } from '../helpers/pglite'
import { BRANCH, DEMO_PASSWORD, EMAIL, ORG_ID, type ActorName } from '../helpers/roles'
import { STORAGE_CELLS, STORAGE_ROWS, STORAGE_SETUP_SQL, type StorageCell } from './storage-matrix'

const LOGINS: Record<Exclude<ActorName, 'anon'>, string> = {
  member: EMAIL.member,
  peer: EMAIL.member3,
  otherMember: EMAIL.member2,
  organizer: EMAIL.organizer,
  secretary: EMAIL.secretary,
  otherSecretary: EMAIL.secretary2,
  leader: EMAIL.leader,
  admin: EMAIL.admin,
}

let server: LocalBackendServer
const clients = new Map<ActorName, SupabaseClient>()

function client(): SupabaseClient {
  return createClient(server.url, server.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: WebSocket as never },
  })
}

const evidence = (actor: ActorName) => clients.get(actor)!.storage.from('evidence')
const photoName = (folder: string, ext = 'jpg') => `${folder}/${randomUUID()}.${ext}`
const jpeg = (size = 2048, seed = 1) => {
  const bytes = new Uint8Array(size)
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + seed) & 0xff
  bytes.set([0xff, 0xd8, 0xff, 0xe0])
  return bytes
}
const fileOf = (name: string) => join(server.backend.storageDir, 'evidence', name)

/** An object put in place as the platform would (superuser row + file), for read and remove cells. */
async function placeObject(name: string, bytes = jpeg()): Promise<void> {
  await server.backend.db.query(
    `insert into storage.objects (bucket_id, name, metadata) values ('evidence', $1, $2)`,
    [name, { mimetype: 'image/jpeg', size: bytes.byteLength, cacheControl: '3600', eTag: '"fixture"' }],
  )
  await mkdir(dirname(fileOf(name)), { recursive: true })
  await writeFile(fileOf(name), bytes)
}

async function rowExists(name: string): Promise<boolean> {
  const { rows } = await server.backend.db.query(`select 1 from storage.objects where bucket_id = 'evidence' and name = $1`, [name])
  return rows.length === 1
}

beforeAll(async () => {
  server = await startLocalBackendServer({ root: projectRoot, seed: true })
  await server.backend.db.exec(STORAGE_SETUP_SQL)
  clients.set('anon', client())
  for (const [actor, email] of Object.entries(LOGINS) as [ActorName, string][]) {
    const signedIn = client()
    const { error } = await signedIn.auth.signInWithPassword({ email, password: DEMO_PASSWORD })
    if (error) throw error
    clients.set(actor, signedIn)
  }
})
afterAll(async () => {
  await server?.close()
})

/** Runs one cell; returns whether the actor was allowed, after checking the row and file agree. */
async function attempt(cell: StorageCell): Promise<boolean> {
  const folder = STORAGE_ROWS[cell.row]!
  const storage = evidence(cell.actor)
  if (cell.op === 'upload') {
    const name = photoName(folder)
    const bytes = jpeg(4096, 7)
    const { data, error } = await storage.upload(name, new Blob([bytes], { type: 'image/jpeg' }))
    const stored = await rowExists(name)
    expect(existsSync(fileOf(name)), `file of ${name}`).toBe(stored)
    if (error) {
      expect((error as { statusCode?: string }).statusCode).toBe('403')
      expect(stored).toBe(false)
      return false
    }
    expect(data?.path).toBe(name)
    expect(stored).toBe(true)
    expect(new Uint8Array(await readFile(fileOf(name)))).toEqual(bytes)
    return true
  }
  if (cell.op === 'read') {
    const name = photoName(folder)
    const bytes = jpeg(3000, 3)
    await placeObject(name, bytes)
    const download = await storage.download(name)
    const signed = await storage.createSignedUrl(name, 60)
    const downloaded = download.error === null
    expect(signed.error === null, 'a signed URL agrees with the download').toBe(downloaded)
    if (!downloaded) {
      expect((download.error as { statusCode?: string }).statusCode).toBe('404')
      expect((signed.error as { statusCode?: string }).statusCode).toBe('404')
      return false
    }
    expect(new Uint8Array(await download.data!.arrayBuffer())).toEqual(bytes)
    const fetched = await fetch(signed.data!.signedUrl)
    expect(fetched.status).toBe(200)
    expect(fetched.headers.get('content-type')).toBe('image/jpeg')
    expect(new Uint8Array(await fetched.arrayBuffer())).toEqual(bytes)
    return true
  }
  const name = photoName(folder)
  await placeObject(name)
  const { data, error } = await storage.remove([name])
  expect(error).toBeNull()
  const removed = (data ?? []).map((o) => o.name)
  const gone = !(await rowExists(name))
  expect(existsSync(fileOf(name)), `file of ${name}`).toBe(!gone)
  expect(removed).toEqual(gone ? [name] : [])
  return gone
}

describe('evidence policies, through the Storage routes with supabase-js', () => {
  it(`every cell of the matrix (${STORAGE_CELLS.length} cells)`, async () => {
    const mismatches: string[] = []
    for (const cell of STORAGE_CELLS) {
      const allowed = await attempt(cell)
      if (allowed !== cell.allowed) mismatches.push(`${cell.row} ${cell.op} ${cell.actor}: ${allowed ? 'allowed' : 'refused'}`)
    }
    expect(mismatches).toEqual([])
  })
})

describe('the Storage routes answer as Supabase Storage does', () => {
  const folder = STORAGE_ROWS.events!

  it('should answer "already exists" (statusCode 409) to a second upload of a name and keep the first file', async () => {
    const name = photoName(folder)
    const first = jpeg(1000, 1)
    expect((await evidence('organizer').upload(name, new Blob([first], { type: 'image/jpeg' }))).error).toBeNull()
    const again = await evidence('organizer').upload(name, new Blob([jpeg(1000, 2)], { type: 'image/jpeg' }))
    expect(again.error).toMatchObject({ statusCode: '409', message: 'The resource already exists' })
    const upsert = await evidence('secretary').upload(name, new Blob([jpeg(1000, 3)], { type: 'image/jpeg' }), { upsert: true })
    expect((upsert.error as { statusCode?: string }).statusCode).toBe('403')
    expect(new Uint8Array(await readFile(fileOf(name)))).toEqual(first)
  })

  it('should refuse a file over 5 MB (statusCode 413) and keep nothing', async () => {
    const name = photoName(folder)
    const { error } = await evidence('organizer').upload(name, new Blob([new Uint8Array(5 * 1024 * 1024 + 1)], { type: 'image/jpeg' }))
    expect(error).toMatchObject({ statusCode: '413' })
    expect(await rowExists(name)).toBe(false)
    expect(existsSync(fileOf(name))).toBe(false)
  })

  it('should take a file of exactly 5 MB', async () => {
    const name = photoName(folder)
    const { error } = await evidence('organizer').upload(name, new Blob([new Uint8Array(5 * 1024 * 1024)], { type: 'image/jpeg' }))
    expect(error).toBeNull()
    expect(await rowExists(name)).toBe(true)
  })

  it('should refuse a type the bucket does not allow (statusCode 415), and a name whose extension is not jpg, webp or png', async () => {
    const gif = await evidence('organizer').upload(photoName(folder), new Blob([jpeg()], { type: 'image/gif' }))
    expect(gif.error).toMatchObject({ statusCode: '415', message: 'mime type image/gif is not supported' })
    for (const name of [photoName(folder, 'gif'), `${folder}/${randomUUID().toUpperCase()}.jpg`, `${folder}/photo.jpg`]) {
      const { error } = await evidence('organizer').upload(name, new Blob([jpeg()], { type: 'image/jpeg' }))
      expect((error as { statusCode?: string }).statusCode, name).toBe('403')
    }
    const webp = await evidence('organizer').upload(photoName(folder, 'webp'), new Blob([jpeg()], { type: 'image/webp' }))
    expect(webp.error).toBeNull()
  })

  it('should refuse names that climb out of the bucket, before anything is stored', async () => {
    const token = (await clients.get('organizer')!.auth.getSession()).data.session!.access_token
    const paths = [
      `/storage/v1/object/evidence/${folder}/%2e%2e/%2e%2e/x.jpg`,
      `/storage/v1/object/evidence/..%2F..%2Fx.jpg`,
      `/storage/v1/object/evidence/${folder}/a%5C..%5Cx.jpg`,
      `/storage/v1/object/evidence/%2Fetc%2Fx.jpg`,
      `/storage/v1/object/evidence/${folder}//x.jpg`,
    ]
    for (const path of paths) {
      const answer = await rawRequest('POST', path, token, jpeg())
      expect(answer.status, path).toBe(400)
      expect(JSON.parse(answer.body), path).toMatchObject({ statusCode: '400', error: 'InvalidKey' })
    }
    const { rows } = await server.backend.db.query(`select name from storage.objects where name like '%..%' or name like '/%' or name like '%\\%'`)
    expect(rows).toEqual([])
  })

  it('should refuse a signed URL whose token is for another object, or was tampered with', async () => {
    const name = photoName(folder)
    const other = photoName(folder)
    await placeObject(name)
    await placeObject(other)
    const { data } = await evidence('member').createSignedUrl(name, 60)
    const token = new URL(data!.signedUrl).searchParams.get('token')!
    const moved = await fetch(`${server.url}/storage/v1/object/sign/evidence/${other}?token=${token}`)
    expect(moved.status).toBe(400)
    const tampered = await fetch(`${data!.signedUrl.slice(0, -2)}xx`)
    expect(tampered.status).toBe(400)
    expect((await fetch(data!.signedUrl)).status).toBe(200)
    // Once removed, the signed URL finds nothing.
    expect((await evidence('organizer').remove([name])).data).toHaveLength(1)
    expect((await fetch(data!.signedUrl)).status).toBe(400)
  })

  it('should keep no row when the file cannot be written', async () => {
    const blockedFolder = `${ORG_ID}/${BRANCH.first}/events/${randomUUID()}`
    // A plain file where the record's directory must go.
    await mkdir(dirname(fileOf(blockedFolder)), { recursive: true })
    await writeFile(fileOf(blockedFolder), 'not a directory')
    const name = photoName(blockedFolder)
    const { error } = await evidence('organizer').upload(name, new Blob([jpeg()], { type: 'image/jpeg' }))
    expect((error as { statusCode?: string }).statusCode).toBe('500')
    expect(await rowExists(name)).toBe(false)
  })
})

function rawRequest(method: string, path: string, token: string, body: Uint8Array): Promise<{ status: number; body: string }> {
  const url = new URL(server.url)
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, method, path, headers: { authorization: `Bearer ${token}`, apikey: server.anonKey, 'content-type': 'image/jpeg' } },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }))
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}
