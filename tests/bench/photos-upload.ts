/**
 * `npm run bench:photos`: 20 photos of about 300 KB uploaded through the embedded backend's Storage
 * routes with supabase-js, as the organizer of 机关第一党支部 attaching them to a 主题党日 (the
 * evidence bucket's policies decide each upload in the database, the file is written before the row
 * commits). Reports the median time per photo, the total, the same 20 sent again (each answered
 * "already exists", what a retrying phone gets), and, as the machine's speed at that moment, the
 * median of a `me()` call and the ratio of a photo to it.
 */
import { randomUUID } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { createClient } from '@supabase/supabase-js'
import WebSocket from 'ws'
import { startLocalBackendServer } from '../../supabase/local/serve'
import { projectRoot } from '../helpers/pglite'
import { BRANCH, DEMO_PASSWORD, EMAIL, EVENT, ORG_ID } from '../helpers/roles'

const PHOTOS = 20
const PHOTO_BYTES = 300 * 1024

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}
const ms = (x: number) => `${x.toFixed(1)} ms`

function photo(seed: number): Blob {
  const bytes = new Uint8Array(PHOTO_BYTES)
  let x = seed * 2654435761
  for (let i = 0; i < bytes.length; i++) {
    x = (x * 1103515245 + 12345) >>> 0
    bytes[i] = x >>> 24
  }
  bytes.set([0xff, 0xd8, 0xff, 0xe0])
  return new Blob([bytes], { type: 'image/jpeg' })
}

async function main(): Promise<void> {
  console.log('Starting the embedded backend (in memory, demo data)...')
  const server = await startLocalBackendServer({ root: projectRoot, seed: true })
  try {
    const supabase = createClient(server.url, server.anonKey, {
      auth: { persistSession: false, autoRefreshToken: false },
      realtime: { transport: WebSocket as never },
    })
    const { error: loginError } = await supabase.auth.signInWithPassword({ email: EMAIL.organizer, password: DEMO_PASSWORD })
    if (loginError) throw loginError
    const evidence = supabase.storage.from('evidence')
    const folder = `${ORG_ID}/${BRANCH.first}/events/${EVENT.themeDay}`
    const photos = Array.from({ length: PHOTOS }, (_, i) => ({ name: `${folder}/${randomUUID()}.jpg`, blob: photo(i + 1) }))

    // Warm-up: one photo of another record, and the machine's pace for a plain call.
    await evidence.upload(`${folder.replace(EVENT.themeDay, EVENT.generalMeeting)}/${randomUUID()}.jpg`, photo(99))
    const calls: number[] = []
    for (let i = 0; i < 9; i++) {
      const started = performance.now()
      const { error } = await supabase.rpc('me')
      if (error) throw error
      calls.push(performance.now() - started)
    }

    const each: number[] = []
    const startedAll = performance.now()
    for (const { name, blob } of photos) {
      const started = performance.now()
      const { error } = await evidence.upload(name, blob)
      if (error) throw error
      each.push(performance.now() - started)
    }
    const total = performance.now() - startedAll

    const again: number[] = []
    for (const { name, blob } of photos) {
      const started = performance.now()
      const { error } = await evidence.upload(name, blob)
      if ((error as { statusCode?: string } | null)?.statusCode !== '409') throw new Error(`expected "already exists", got ${JSON.stringify(error)}`)
      again.push(performance.now() - started)
    }
    const { rows } = await server.backend.db.query<{ n: number }>(
      `select count(*)::int as n from storage.objects where bucket_id = 'evidence' and name like $1`,
      [`${folder}/%`],
    )
    if (rows[0]?.n !== PHOTOS) throw new Error(`expected ${PHOTOS} objects, found ${rows[0]?.n}`)

    const perPhoto = median(each)
    console.log(`Photos: ${PHOTOS} × ${PHOTO_BYTES / 1024} KB through POST /storage/v1/object (supabase-js, multipart)`)
    console.log(`  per photo: median ${ms(perPhoto)} (min ${ms(Math.min(...each))}, max ${ms(Math.max(...each))})`)
    console.log(`  all ${PHOTOS}: ${ms(total)} (${((PHOTOS * PHOTO_BYTES) / 1024 / 1024 / (total / 1000)).toFixed(1)} MB/s)`)
    console.log(`  sent again: median ${ms(median(again))} per photo, each "already exists" (statusCode 409)`)
    console.log(`  me() median ${ms(median(calls))}; a photo takes ${(perPhoto / median(calls)).toFixed(1)}× a me() call`)
  } finally {
    await server.close()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
