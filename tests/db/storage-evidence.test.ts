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
import { BRANCH, CAMPAIGN, DEMO_PASSWORD, EMAIL, EVENT, MATRIX_ACTOR_NAMES, MEMBER, ORG_ID, VISIT_FIRST, type ActorName } from '../helpers/roles'

const FOREIGN = {
  org: '66000000-0000-4000-8000-000000000001',
  unit: '66000000-0000-4000-8000-000000000002',
  branch: '66000000-0000-4000-8000-000000000003',
} as const
const VISIT_LISTED = '66000000-0000-4000-8000-000000000010' // 李晓梅 listed by the committee
const VISIT_JOINED = '66000000-0000-4000-8000-000000000011' // 杨帆 recorded his own part
const ORG_EVENT = '66000000-0000-4000-8000-000000000012' // an organisation-wide event (not synced yet)

type Op = 'upload' | 'read' | 'remove'

/** A folder of evidence names: `<org>/<branch or org>/<table>/<record>`. */
const ROWS: Record<string, string> = {
  events: `${ORG_ID}/${BRANCH.first}/events/${EVENT.themeDay}`,
  'events:org': `${ORG_ID}/org/events/${ORG_EVENT}`,
  'events:second': `${ORG_ID}/${BRANCH.second}/events/${EVENT.secondGeneralMeeting}`,
  'events:foreign': `${FOREIGN.org}/${FOREIGN.branch}/events/${randomUUID()}`,
  // Our organisation with another's branch, and another organisation with our branch.
  'events:crossed': `${ORG_ID}/${FOREIGN.branch}/events/${randomUUID()}`,
  'events:borrowed': `${FOREIGN.org}/${BRANCH.first}/events/${EVENT.themeDay}`,
  'events:nobranch': `${ORG_ID}/${randomUUID()}/events/${randomUUID()}`,
  visits: `${ORG_ID}/${BRANCH.first}/visits/${VISIT_FIRST}`,
  'visits:listed': `${ORG_ID}/${BRANCH.first}/visits/${VISIT_LISTED}`,
  'visits:joined': `${ORG_ID}/${BRANCH.first}/visits/${VISIT_JOINED}`,
  'visits:org': `${ORG_ID}/org/visits/${VISIT_FIRST}`,
  donation_campaigns: `${ORG_ID}/org/donation_campaigns/${CAMPAIGN}`,
  'donation_campaigns:branch': `${ORG_ID}/${BRANCH.first}/donation_campaigns/${CAMPAIGN}`,
}

/**
 * Expected outcomes, actors in MATRIX_ACTOR_NAMES order: anon, member (李晓梅), peer (杨帆, same
 * branch), otherMember (机关第二党支部), organizer, secretary, otherSecretary, leader, admin.
 * "read" is a download and a signed URL, which must agree.
 */
const EXPECTED = `
row                        op      anon member peer other organizer secretary otherSec leader admin
events                     upload   -     -     -    -      Y         Y         -       -     -
events                     read     -     Y     Y    -      Y         Y         -       Y     Y
events                     remove   -     -     -    -      Y         Y         -       -     -
events:org                 upload   -     -     -    -      -         -         -       -     Y
events:org                 read     -     Y     Y    Y      Y         Y         Y       Y     Y
events:org                 remove   -     -     -    -      -         -         -       -     Y
events:second              upload   -     -     -    -      -         -         Y       -     -
events:second              read     -     -     -    Y      -         -         Y       Y     Y
events:second              remove   -     -     -    -      -         -         Y       -     -
events:foreign             upload   -     -     -    -      -         -         -       -     -
events:foreign             read     -     -     -    -      -         -         -       -     -
events:foreign             remove   -     -     -    -      -         -         -       -     -
events:crossed             upload   -     -     -    -      -         -         -       -     -
events:crossed             read     -     -     -    -      -         -         -       -     -
events:borrowed            upload   -     -     -    -      -         -         -       -     -
events:borrowed            read     -     -     -    -      -         -         -       -     -
events:borrowed            remove   -     -     -    -      -         -         -       -     -
events:nobranch            upload   -     -     -    -      -         -         -       -     -
events:nobranch            read     -     -     -    -      -         -         -       -     -
visits                     upload   -     -     -    -      Y         Y         -       -     Y
visits                     read     -     -     -    -      Y         Y         -       Y     Y
visits                     remove   -     -     -    -      Y         Y         -       -     Y
visits:listed              read     -     Y     -    -      Y         Y         -       Y     Y
visits:listed              upload   -     -     -    -      Y         Y         -       -     Y
visits:joined              read     -     -     Y    -      Y         Y         -       Y     Y
visits:org                 upload   -     -     -    -      -         -         -       -     -
visits:org                 read     -     -     -    -      -         -         -       -     -
donation_campaigns         upload   -     -     -    -      -         -         -       -     Y
donation_campaigns         read     -     Y     Y    Y      Y         Y         Y       Y     Y
donation_campaigns         remove   -     -     -    -      -         -         -       -     Y
donation_campaigns:branch  upload   -     -     -    -      -         -         -       -     -
donation_campaigns:branch  read     -     -     -    -      -         -         -       -     -
`

interface Cell {
  row: string
  op: Op
  actor: ActorName
  allowed: boolean
}

const CELLS: Cell[] = EXPECTED.trim()
  .split('\n')
  .slice(1)
  .flatMap((line) => {
    const [row, op, ...marks] = line.trim().split(/\s+/)
    if (marks.length !== MATRIX_ACTOR_NAMES.length) throw new Error(`Row ${row} ${op}: ${marks.length} marks`)
    return MATRIX_ACTOR_NAMES.map((actor, i) => ({ row: row!, op: op as Op, actor, allowed: marks[i] === 'Y' }))
  })

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
  await server.backend.db.exec(`
    with o as (insert into public.orgs (id, org_id, name) values ('${FOREIGN.org}', '${FOREIGN.org}', '市档案馆') returning id),
         u as (insert into public.units (id, org_id, name, kind) select '${FOREIGN.unit}', id, '馆办公室', 'department' from o returning id, org_id)
    insert into public.branches (id, org_id, unit_id, name) select '${FOREIGN.branch}', org_id, id, '市档案馆机关党支部' from u;
    insert into public.visits (id, org_id, branch_id, kind, visited_on, households, persons, participant_ids)
      values ('${VISIT_LISTED}', '${ORG_ID}', '${BRANCH.first}', 'staff_hardship', '2026-03-12', 1, 1, array['${MEMBER.member}'::uuid]);
    insert into public.visits (id, org_id, branch_id, kind, visited_on, households, persons)
      values ('${VISIT_JOINED}', '${ORG_ID}', '${BRANCH.first}', 'staff_hardship', '2026-03-10', 1, 2);
    insert into public.visit_participants (id, org_id, branch_id, visit_id, member_id)
      values ('${randomUUID()}', '${ORG_ID}', '${BRANCH.first}', '${VISIT_JOINED}', '${MEMBER.yangFan}');
  `)
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
async function attempt(cell: Cell): Promise<boolean> {
  const folder = ROWS[cell.row]!
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
  it(`every cell of the matrix (${CELLS.length} cells)`, async () => {
    const mismatches: string[] = []
    for (const cell of CELLS) {
      const allowed = await attempt(cell)
      if (allowed !== cell.allowed) mismatches.push(`${cell.row} ${cell.op} ${cell.actor}: ${allowed ? 'allowed' : 'refused'}`)
    }
    expect(mismatches).toEqual([])
  })
})

describe('the Storage routes answer as Supabase Storage does', () => {
  const folder = ROWS.events!

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
