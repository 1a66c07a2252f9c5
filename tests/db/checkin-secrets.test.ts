/**
 * Check-in on the server: who may see and make a per-event secret (role × operation), that members
 * never receive it (RLS and sync_pull), and that a member's own check-in is verified at write time
 * with the same tokens the phones compute (src/domain/checkin.ts).
 */
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { checkinRejectionProblem, checkinToken, checkinWindow, serverCheckinText, type CheckinToken } from '@/domain/checkin'
import { ACTORS, BRANCH, EVENT, MEMBER, ORG_ID, type ActorName } from '../helpers/roles'
import { itChecksRoleOperations, useSeededTestDb, type Operation } from '../helpers/roleOperations'
import { expectError, runAs, sqlState } from '../helpers/sql'

const SECRET = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff'
const OTHER_SECRET = 'ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100'
// 书记讲党课, 机关第一党支部, 2026-03-10 15:00–16:30 (+08); 李晓梅 has no attendance row for it.
const LECTURE = EVENT.partyLecture
const SCAN = new Date('2026-03-10T07:05:10Z')

const sql = useSeededTestDb(async (db) => {
  await db.query(
    `insert into public.event_checkin_secrets (id, org_id, branch_id, event_id, secret) values ($1, $2, $3, $1, $4), ($5, $2, $6, $5, $7)`,
    [LECTURE, ORG_ID, BRANCH.first, SECRET, EVENT.secondGeneralMeeting, BRANCH.second, OTHER_SECRET],
  )
})

describe('event_checkin_secrets: role × operation', () => {
  //                      anon member other organizer secretary otherSec leader admin
  const expected: Record<Operation, string> = {
    select: '              -     -      -      Y         Y         -       -     -',
    insert: '              -     -      -      Y         Y         -       -     -',
    update: '              -     -      -      -         -         -       -     -',
    delete: '              -     -      -      -         -         -       -     -',
  }
  const statements: Record<Operation, [string, unknown[]]> = {
    select: ['select id from public.event_checkin_secrets where id = $1', [LECTURE]],
    insert: [
      'insert into public.event_checkin_secrets (id, org_id, branch_id, event_id, secret) values ($1, $2, $3, $1, $4)',
      [EVENT.themeDay, ORG_ID, BRANCH.first, 'ab'.repeat(32)],
    ],
    update: ['update public.event_checkin_secrets set secret = $2 where id = $1', [LECTURE, 'cd'.repeat(32)]],
    delete: ['delete from public.event_checkin_secrets where id = $1', [LECTURE]],
  }
  itChecksRoleOperations({
    sql,
    expected,
    statements,
    unchanged: async () => {
      const stored = await sql.query<{ secret: string }>('select secret from public.event_checkin_secrets where id = $1', [LECTURE])
      expect(stored.rows[0]?.secret).toBe(SECRET)
    },
  })

  it('should refuse a malformed secret and a secret for another branch\'s event', async () => {
    const malformed = await expectError(() =>
      runAs(sql, ACTORS.secretary, (tx) =>
        tx.query('insert into public.event_checkin_secrets (id, org_id, branch_id, event_id, secret) values ($1, $2, $3, $1, $4)', [EVENT.themeDay, ORG_ID, BRANCH.first, 'short']),
      ),
    )
    expect(sqlState(malformed)).toBe('23514')
    const otherBranch = await expectError(() =>
      runAs(sql, ACTORS.secretary, (tx) =>
        tx.query('insert into public.event_checkin_secrets (id, org_id, branch_id, event_id, secret) values ($1, $2, $3, $1, $4)', [EVENT.secondGeneralMeeting, ORG_ID, BRANCH.second, 'ab'.repeat(32)]),
      ),
    )
    expect(sqlState(otherBranch)).toBe('42501')
  })

  it('should sync the secret to the secretary\'s phone but never to a member\'s', async () => {
    const pull = (actor: ActorName) =>
      runAs(sql, ACTORS[actor], async (tx) => {
        const { rows } = await tx.query<{ r: { tables: Record<string, { rows: { id: string }[] }> } }>(`select public.sync_pull('{}'::jsonb, 1, 10000) as r`)
        return rows[0]!.r.tables.event_checkin_secrets?.rows.map((row) => row.id) ?? []
      })
    expect(await pull('secretary')).toContain(LECTURE)
    expect(await pull('member')).toEqual([])
    expect(await pull('otherSecretary')).not.toContain(LECTURE)
  })

  it('should not let a member call the verifier or the MAC function directly as anon', async () => {
    const error = await expectError(() => runAs(sql, ACTORS.anon, (tx) => tx.query(`select app_private.checkin_verdict($1, 'code', 'AAAAAA', now())`, [LECTURE])))
    expect(sqlState(error)).toBe('42501')
    const mac = await expectError(() => runAs(sql, ACTORS.member, (tx) => tx.query(`select app_private.checkin_mac($1, $2, 1)`, [SECRET, LECTURE])))
    expect(sqlState(mac)).toBe('42501')
  })
})

describe('the same token in TypeScript and in SQL', () => {
  it('should derive the same code and QR MAC for the same secret, event and window', async () => {
    for (const window of [0, 1, 59_000_000, checkinWindow(SCAN)]) {
      const token = await checkinToken(SECRET, LECTURE, window)
      const { rows } = await sql.query<{ code: string; mac: string }>(
        `select app_private.checkin_code(m) as code, encode(substring(m from 1 for 8), 'hex') as mac
         from app_private.checkin_mac($1, $2, $3) m`,
        [SECRET, LECTURE, window],
      )
      expect(rows[0]).toEqual({ code: token.code, mac: token.qr.split(':').pop() })
    }
  })
})

describe('a member checking himself in', () => {
  const checkIn = (actor: ActorName, token: string | null, method: 'qr' | 'code', at: Date, event: string = LECTURE, branch: string = BRANCH.first) =>
    runAs(sql, ACTORS[actor], async (tx) => {
      const id = randomUUID()
      await tx.query(
        `insert into public.attendance (id, org_id, branch_id, event_id, member_id, status, method, checked_in_at, checkin_token)
         values ($1, $2, $3, $4, $5, 'present', $6, $7, $8)`,
        [id, ORG_ID, branch, event, MEMBER.member, method, at.toISOString(), token],
      )
      return (await tx.query<{ checkin_token: string | null; status: string }>('select checkin_token, status from public.attendance where id = $1', [id])).rows[0]
    })
  const tokenAt = (offset: number): Promise<CheckinToken> => checkinToken(SECRET, LECTURE, checkinWindow(SCAN) + offset)

  it('should accept the code or the QR of the scan time\'s window, ± 2 windows, and clear the token', async () => {
    for (const offset of [-2, 0, 2]) {
      const token = await tokenAt(offset)
      expect(await checkIn('member', token.code, 'code', SCAN)).toEqual({ checkin_token: null, status: 'present' })
      expect(await checkIn('member', token.qr, 'qr', SCAN)).toEqual({ checkin_token: null, status: 'present' })
    }
  })

  it('should accept a typed code in lower case', async () => {
    expect(await checkIn('member', (await tokenAt(0)).code.toLowerCase(), 'code', SCAN)).toMatchObject({ status: 'present' })
  })

  it('should reject an expired code or QR with its reason', async () => {
    for (const [token, method] of [[(await tokenAt(-3)).code, 'code'], [(await tokenAt(-6)).qr, 'qr']] as const) {
      const error = await expectError(() => checkIn('member', token, method, SCAN))
      expect(sqlState(error)).toBe('ZBKEX')
      expect(error.message).toBe(serverCheckinText('expired'))
    }
  })

  it('should reject a forged, missing or other event\'s token as invalid', async () => {
    const good = await tokenAt(0)
    const forgedQr = good.qr.replace(/.$/, (c) => (c === '0' ? '1' : '0'))
    const otherSecret = await checkinToken(OTHER_SECRET, LECTURE, checkinWindow(SCAN))
    const otherEvent = await checkinToken(SECRET, EVENT.themeDay, checkinWindow(SCAN))
    for (const [token, method] of [[forgedQr, 'qr'], [otherSecret.code, 'code'], [otherEvent.qr, 'qr'], [null, 'code'], ['ABC', 'code']] as const) {
      const error = await expectError(() => checkIn('member', token, method, SCAN))
      expect([sqlState(error), error.message]).toEqual(['ZBKIN', serverCheckinText('invalid')])
    }
  })

  it('should reject a check-in to another branch\'s event as not of his branch', async () => {
    const token = await checkinToken(OTHER_SECRET, EVENT.secondGeneralMeeting, checkinWindow(new Date('2026-01-22T07:05:00Z')))
    const error = await expectError(() => checkIn('member', token.code, 'code', new Date('2026-01-22T07:05:00Z'), EVENT.secondGeneralMeeting, BRANCH.second))
    expect(sqlState(error)).toBe('42501')
  })

  it('should reject a scan time in the future or outside the event', async () => {
    const future = new Date(Date.now() + 10 * 60_000)
    const futureToken = await checkinToken(SECRET, LECTURE, checkinWindow(future))
    const tooEarly = new Date('2026-03-10T04:00:00Z')
    const late = new Date('2026-03-10T09:00:00Z')
    const cases: [Date, string][] = [
      [future, serverCheckinText('future')],
      [tooEarly, serverCheckinText('tooEarly')],
      [late, serverCheckinText('ended')],
    ]
    for (const [at, message] of cases) {
      const token = at === future ? futureToken : await checkinToken(SECRET, LECTURE, checkinWindow(at))
      const error = await expectError(() => checkIn('member', token.code, 'code', at))
      expect([sqlState(error), error.message]).toEqual(['ZBKTM', message])
    }
  })

  it('should not let an organizer record a member\'s QR check-in without the member\'s token (a hand mark is manual)', async () => {
    expect(sqlState(await expectError(() => checkIn('organizer', null, 'qr', SCAN)))).toBe('42501')
  })

  it('should not let the member change his recorded check-in, nor turn a leave request into one without a token', async () => {
    const id = randomUUID()
    await runAs(sql, ACTORS.member, async (tx) => {
      await tx.query(
        `insert into public.attendance (id, org_id, branch_id, event_id, member_id, status, method, checked_in_at, checkin_token)
         values ($1, $2, $3, $4, $5, 'present', 'code', $6, $7)`,
        [id, ORG_ID, BRANCH.first, LECTURE, MEMBER.member, SCAN.toISOString(), (await tokenAt(0)).code],
      )
      for (const change of [`status = 'late'`, `_deleted = true`]) {
        await tx.exec('savepoint change')
        expect(sqlState(await expectError(() => tx.query(`update public.attendance set ${change} where id = $1`, [id])))).toBe('42501')
        await tx.exec('rollback to savepoint change')
      }
    })
    const error = await expectError(() =>
      runAs(sql, ACTORS.member, async (tx) => {
        await tx.query(
          `insert into public.attendance (id, org_id, branch_id, event_id, member_id, status, leave_status, leave_reason)
           values ($1, $2, $3, $4, $5, 'leave', 'pending', '出差')`,
          [id, ORG_ID, BRANCH.first, LECTURE, MEMBER.member],
        )
        await tx.query(`update public.attendance set status = 'present', method = 'code', leave_status = null, leave_reason = null, checked_in_at = $2 where id = $1`, [id, SCAN.toISOString()])
      }),
    )
    expect(sqlState(error)).toBe('ZBKIN')
  })

  it('should surface the reason through sync_push as a rejected change the member can read', async () => {
    const expired = await tokenAt(-4)
    const good = await tokenAt(1)
    const push = (token: string) =>
      runAs(sql, ACTORS.member, async (tx) => {
        const row = { org_id: ORG_ID, branch_id: BRANCH.first, event_id: LECTURE, member_id: MEMBER.member, status: 'present', method: 'code', checked_in_at: SCAN.toISOString(), checkin_token: token }
        const txs = [{ tx_id: randomUUID(), ops: [{ table: 'attendance', op: 'upsert', id: randomUUID(), row }] }]
        const { rows } = await tx.query<{ r: { results: { status: string; message: string; detail?: string }[] } }>('select public.sync_push($1, 1, $2) as r', [randomUUID(), JSON.stringify(txs)])
        return rows[0]!.r.results[0]!
      })
    const rejected = await push(expired.code)
    expect(rejected.status).toBe('rejected')
    expect(checkinRejectionProblem(rejected)).toBe('expired')
    expect((await push(good.code)).status).toBe('applied')
  })
})
