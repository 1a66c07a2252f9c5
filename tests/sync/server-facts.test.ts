/**
 * What a phone shows after sync when the server sets the facts (a pledge signature's signer and
 * time) or clears a tombstone's content: the server's values, and no deleted row.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { LocalBackendServer } from '../../supabase/local/serve'
import { pledgeTextHash } from '@/domain/pledge'
import { BRANCH1, MEMBER_ROWS, ORG, adminSql, device, newId, startBackend } from './harness'

const PERSONAL_2026 = '1c000000-0000-4000-8000-000000000001'

let server: LocalBackendServer
beforeAll(async () => {
  server = await startBackend()
})
afterAll(async () => {
  await server?.close()
})

describe('facts the server sets, as the phone sees them after sync', () => {
  test('a signature sent with another name and an old time shows the roster name and the server\'s time', async () => {
    const d = await device(server, 'member')
    const [template] = await adminSql<{ body: string }>(server, 'select body from public.pledge_templates where id = $1', [PERSONAL_2026])
    const body = template!.body
    const id = newId()
    await d.repo.put('pledge_signatures', {
      id, org_id: ORG, branch_id: BRANCH1, member_id: MEMBER_ROWS.member, template_id: PERSONAL_2026,
      signer_name: '杨帆', signed_text_sha256: await pledgeTextHash(body), signed_at: '2001-01-01T00:00:00.000Z',
      strokes: [[{ x: 0.1, y: 0.5, t: 0 }, { x: 0.3, y: 0.4, t: 40 }, { x: 0.5, y: 0.6, t: 80 }]],
    })
    const before = Date.now()
    const run = await d.engine.sync()
    expect(run).toMatchObject({ ok: true, applied: 1, rejected: 0 })
    const row = await d.db.data('pledge_signatures').get(id)
    expect(row?.signer_name).toBe('李晓梅')
    expect(Math.abs(Date.parse(String(row?.signed_at)) - before)).toBeLessThan(60_000)
  })

  test('a study log deleted on another phone leaves this one, content and all', async () => {
    const a = await device(server, 'member')
    const b = await device(server, 'member')
    const id = newId()
    await a.repo.put('study_logs', { id, org_id: ORG, branch_id: BRANCH1, member_id: MEMBER_ROWS.member, studied_on: '2026-11-20', minutes: 30, topic: '个人心得', note: '只给自己看' })
    expect((await a.engine.sync()).ok).toBe(true)
    expect((await b.engine.sync()).ok).toBe(true)
    expect(await b.db.data('study_logs').get(id)).toMatchObject({ topic: '个人心得' })

    await a.repo.remove('study_logs', id)
    expect((await a.engine.sync()).ok).toBe(true)
    const [stored] = await adminSql<{ topic: string; note: string | null; _deleted: boolean }>(server, 'select topic, note, _deleted from public.study_logs where id = $1', [id])
    expect(stored).toEqual({ topic: '', note: null, _deleted: true })
    expect((await b.engine.sync()).ok).toBe(true)
    expect(await b.db.data('study_logs').get(id)).toBeUndefined()
  })
})
