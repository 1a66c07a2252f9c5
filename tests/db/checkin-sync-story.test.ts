/**
 * The member's offline work as the server receives it through sync_push, and what the secretary's
 * phone then pulls: a verified check-in, a donation in fen, a signed pledge; and the refusals a
 * member sees for a forged, an expired or another branch's code.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkinRejectionProblem, checkinToken, checkinWindow } from '@/domain/checkin'
import { pledgeTextHash } from '@/domain/pledge'
import { createTestDb, type TestDb } from '../helpers/pglite'
import { ACTORS, BRANCH, CAMPAIGN, EVENT, MEMBER, ORG_ID, PLEDGE_TEMPLATE, type ActorName } from '../helpers/roles'
import { runAs, type SqlClient } from '../helpers/sql'

const SECRET = 'ab'.repeat(32)
const SECOND_SECRET = 'cd'.repeat(32)
const LECTURE = EVENT.partyLecture
const SCAN = new Date('2026-03-10T07:01:00Z')

let db: TestDb
let sql: SqlClient

interface Result { status: string; code?: string; message?: string; detail?: string }

const push = (actor: ActorName, ops: Record<string, unknown>[]) =>
  runAs(sql, ACTORS[actor], async (tx) => {
    const txs = ops.map((op) => ({ tx_id: randomUUID(), ops: [op] }))
    const { rows } = await tx.query<{ r: { results: Result[] } }>('select public.sync_push($1, 1, $2) as r', [randomUUID(), JSON.stringify(txs)])
    return rows[0]!.r.results
  }, { commit: true })

const pull = (actor: ActorName) =>
  runAs(sql, ACTORS[actor], async (tx) => {
    const { rows } = await tx.query<{ r: { tables: Record<string, { rows: Record<string, unknown>[] }> } }>(`select public.sync_pull('{}'::jsonb, 1, 10000) as r`)
    return rows[0]!.r.tables
  })

beforeAll(async () => {
  db = await createTestDb()
  sql = db.sql
  // The secretary's phone made the secrets and synced them.
  const secrets = await push('secretary', [
    { table: 'event_checkin_secrets', op: 'upsert', id: LECTURE, row: { org_id: ORG_ID, branch_id: BRANCH.first, event_id: LECTURE, secret: SECRET } },
  ])
  expect(secrets.map((r) => r.status)).toEqual(['applied'])
  const second = await push('otherSecretary', [
    { table: 'event_checkin_secrets', op: 'upsert', id: EVENT.secondGeneralMeeting, row: { org_id: ORG_ID, branch_id: BRANCH.second, event_id: EVENT.secondGeneralMeeting, secret: SECOND_SECRET } },
  ])
  expect(second.map((r) => r.status)).toEqual(['applied'])
})

afterAll(async () => {
  await db?.close()
})

describe('a member\'s offline work reaching the server', () => {
  it('applies the check-in, the donation and the signature, and the secretary pulls all three', async () => {
    const code = (await checkinToken(SECRET, LECTURE, checkinWindow(SCAN))).code
    const body = (await sql.query<{ body: string }>('select body from public.pledge_templates where id = $1', [PLEDGE_TEMPLATE.personal2026])).rows[0]!.body
    const [checkinId, donationId, signatureId] = [randomUUID(), randomUUID(), randomUUID()]
    const own = { org_id: ORG_ID, branch_id: BRANCH.first, member_id: MEMBER.member }
    const results = await push('member', [
      { table: 'attendance', op: 'upsert', id: checkinId, row: { ...own, event_id: LECTURE, status: 'present', method: 'code', checked_in_at: SCAN.toISOString(), checkin_token: code } },
      { table: 'donations', op: 'upsert', id: donationId, row: { ...own, campaign_id: CAMPAIGN, amount_fen: 12345, donated_on: '2026-05-10' } },
      {
        table: 'pledge_signatures', op: 'upsert', id: signatureId,
        row: { ...own, template_id: PLEDGE_TEMPLATE.personal2026, signer_name: '李晓梅', signed_text_sha256: await pledgeTextHash(body), strokes: [[{ x: 0.1, y: 0.5, t: 0 }, { x: 0.4, y: 0.5, t: 80 }, { x: 0.6, y: 0.4, t: 120 }]], signed_at: '2026-03-10T07:10:00Z' },
      },
    ])
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied'])

    const tables = await pull('secretary')
    expect(tables.attendance!.rows.find((r) => r.id === checkinId)).toMatchObject({ status: 'present', method: 'code', checkin_token: null })
    expect(tables.donations!.rows.find((r) => r.id === donationId)).toMatchObject({ amount_fen: 12345 })
    expect(tables.pledge_signatures!.rows.find((r) => r.id === signatureId)).toMatchObject({ signer_name: '李晓梅', strokes: [[{ x: 0.1, y: 0.5, t: 0 }, { x: 0.4, y: 0.5, t: 80 }, { x: 0.6, y: 0.4, t: 120 }]] })
  })

  it('refuses a second signature of the same pledge', async () => {
    const body = (await sql.query<{ body: string }>('select body from public.pledge_templates where id = $1', [PLEDGE_TEMPLATE.personal2026])).rows[0]!.body
    const [result] = await push('member', [{
      table: 'pledge_signatures', op: 'upsert', id: randomUUID(),
      row: { org_id: ORG_ID, branch_id: BRANCH.first, member_id: MEMBER.member, template_id: PLEDGE_TEMPLATE.personal2026, signer_name: '李晓梅', signed_text_sha256: await pledgeTextHash(body), strokes: [[{ x: 0, y: 0, t: 0 }, { x: 0.2, y: 0.1, t: 40 }, { x: 0.3, y: 0.3, t: 80 }]], signed_at: '2026-03-11T07:10:00Z' },
    }])
    expect(result).toMatchObject({ status: 'rejected', code: 'duplicate' })
  })

  it('rejects another member\'s forged, expired and other-branch codes with reasons the member can read', async () => {
    const scan = new Date('2026-01-22T07:02:00Z')
    const row = (event: string, branch: string, token: string, at: Date) => ({
      org_id: ORG_ID, branch_id: branch, event_id: event, member_id: MEMBER.member2, status: 'present', method: 'code', checked_in_at: at.toISOString(), checkin_token: token,
    })
    const expired = (await checkinToken(SECOND_SECRET, EVENT.secondGeneralMeeting, checkinWindow(scan) - 6)).code
    const forged = 'ABCDEF'
    const otherBranch = (await checkinToken(SECRET, LECTURE, checkinWindow(SCAN))).code
    const results = await push('otherMember', [
      { table: 'attendance', op: 'upsert', id: randomUUID(), row: row(EVENT.secondGeneralMeeting, BRANCH.second, forged, scan) },
      { table: 'attendance', op: 'upsert', id: randomUUID(), row: row(EVENT.secondGeneralMeeting, BRANCH.second, expired, scan) },
      { table: 'attendance', op: 'upsert', id: randomUUID(), row: row(LECTURE, BRANCH.first, otherBranch, SCAN) },
    ])
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected'])
    expect(results.map((r) => checkinRejectionProblem({ message: r.message ?? '', detail: r.detail }))).toEqual(['invalid', 'expired', 'otherBranch'])
  })
})
