/**
 * Check-in the server can trust (20261201003100_checkin_trust.sql): a token check-in is judged by the
 * server's clock when it arrives (verified, or 待核实 for the secretary), what it certifies changes
 * only by the secretary and leaves a trail, hand marks say who made them, a withdrawn leave does not
 * block a check-in, the secretary scans a member's own code, and events of the whole organisation
 * take attendees of every branch. Events are placed around the database's now(): the clock that decides.
 */
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { checkinToken, checkinWindow } from '@/domain/checkin'
import { memberCheckinToken } from '@/domain/memberCheckin'
import { attendanceRowId } from '@/domain/syncIds'
import { ACTORS, BRANCH, MEMBER, ORG_ID, USER, type ActorName } from '../helpers/roles'
import { useSeededTestDb } from '../helpers/roleOperations'
import { expectError, runAs, sqlState, type SqlClient } from '../helpers/sql'

const SECRET = '0f'.repeat(32)
const MINUTE = 60_000

const sql = useSeededTestDb()

interface Attendance {
  id: string
  status: string
  method: string | null
  checked_in_at: string | null
  verification: string | null
  verified_by: string | null
  verified_at: string | null
  marked_by: string | null
  self_marked: boolean
  checkin_token: string | null
}

/** The database's clock (PGlite and Node share the machine's, but the database's is the one that decides). */
async function dbNow(tx: SqlClient): Promise<Date> {
  return new Date((await tx.query<{ now: string }>('select now()::text as now')).rows[0]!.now)
}

/** A branch event of 机关第一党支部 from `startOffset` to `endOffset` minutes around now, with its secret. */
async function eventAround(tx: SqlClient, startOffset: number, endOffset: number, branch: string | null = BRANCH.first): Promise<string> {
  const id = randomUUID()
  const now = await dbNow(tx)
  await tx.query(
    `insert into public.events (id, org_id, branch_id, audience, kind, title, starts_at, ends_at) values ($1, $2, $3, $4, 'group_study', '集中学习', $5, $6)`,
    [id, ORG_ID, branch, branch ? 'branch' : 'org', new Date(now.getTime() + startOffset * MINUTE).toISOString(), new Date(now.getTime() + endOffset * MINUTE).toISOString()],
  )
  await tx.query(`insert into public.event_checkin_secrets (id, org_id, branch_id, event_id, secret) values ($1, $2, $3, $1, $4)`, [id, ORG_ID, branch, SECRET])
  return id
}

const read = async (tx: SqlClient, id: string) =>
  (await tx.query<Attendance>(`select id, status, method, checked_in_at::text, verification, verified_by, verified_at::text, marked_by, self_marked, checkin_token from public.attendance where id = $1`, [id])).rows[0]!

/** As `actor`, inside the caller's transaction (a savepoint), so the superuser's setup stays visible. */
const as = <T>(tx: SqlClient, actor: ActorName, fn: (tx: SqlClient) => Promise<T>) => runAs(tx, ACTORS[actor], fn, { nested: true, commit: true })

/** The member's own check-in with a token scanned at `scannedAt`. */
async function selfCheckIn(tx: SqlClient, event: string, token: string, method: 'qr' | 'code', scannedAt: Date, member: string = MEMBER.member, branch: string = BRANCH.first) {
  const id = attendanceRowId(event, member)
  await tx.query(
    `insert into public.attendance (id, org_id, branch_id, event_id, member_id, status, method, checked_in_at, checkin_token, verification, verified_by, marked_by)
     values ($1, $2, $3, $4, $5, 'present', $6, $7, $8, 'verified', $9, $9)`,
    [id, ORG_ID, branch, event, member, method, scannedAt.toISOString(), token, USER.member],
  )
  return id
}

/** Runs `fn` in a transaction as the superuser (setup) and rolls it back. */
async function scenario(fn: (tx: SqlClient) => Promise<void>) {
  await sql.exec('begin')
  try {
    await fn(sql)
  } finally {
    await sql.exec('rollback')
    await sql.exec('reset role')
  }
}

describe('verification by the server clock', () => {
  it('should verify a check-in whose token is of the current window, ignoring the verification the phone sent', async () => {
    await scenario(async (tx) => {
      const event = await eventAround(tx, -10, 60)
      const now = await dbNow(tx)
      const token = await checkinToken(SECRET, event, checkinWindow(now))
      const id = await as(tx, 'member', (t) => selfCheckIn(t, event, token.code, 'code', now))
      const row = await read(tx, id)
      expect(row).toMatchObject({ status: 'present', verification: 'verified', verified_by: null, marked_by: null, checkin_token: null })
      expect(row.verified_at).not.toBeNull()
    })
  })

  it('should record a genuine token that arrives after its window as pending (待核实)', async () => {
    await scenario(async (tx) => {
      // The event ran from 3 hours to 1 hour ago; the phone scanned at its start and synced now.
      const event = await eventAround(tx, -180, -60)
      const scanned = new Date((await dbNow(tx)).getTime() - 175 * MINUTE)
      for (const method of ['qr', 'code'] as const) {
        const token = await checkinToken(SECRET, event, checkinWindow(scanned))
        const member = method === 'qr' ? MEMBER.member : MEMBER.yangFan
        const id = await as(tx, method === 'qr' ? 'member' : 'peer', (t) => selfCheckIn(t, event, method === 'qr' ? token.qr : token.code, method, scanned, member))
        expect(await read(tx, id)).toMatchObject({ status: 'present', verification: 'pending', verified_at: null, checkin_token: null })
      }
    })
  })

  it('should not verify a late token by backdating or forwarding the scan time the phone claims', async () => {
    await scenario(async (tx) => {
      const event = await eventAround(tx, -180, 60)
      const now = await dbNow(tx)
      const old = await checkinToken(SECRET, event, checkinWindow(new Date(now.getTime() - 100 * MINUTE)))
      // Claiming the scan happened now: the old token does not belong to that time.
      for (const [token, method] of [[old.code, 'code'], [old.qr, 'qr']] as const) {
        const error = await expectError(() => as(tx, 'member', (t) => selfCheckIn(t, event, token, method, now)))
        expect(sqlState(error)).toBe('ZBKEX')
      }
      // Claiming the token's own time: genuine, but late, so pending, never verified.
      const id = await as(tx, 'member', (t) => selfCheckIn(t, event, old.code, 'code', new Date(now.getTime() - 100 * MINUTE)))
      expect((await read(tx, id)).verification).toBe('pending')
    })
  })

  it('should refuse a forged token as before', async () => {
    await scenario(async (tx) => {
      const event = await eventAround(tx, -10, 60)
      const now = await dbNow(tx)
      const forged = await checkinToken('aa'.repeat(32), event, checkinWindow(now))
      const error = await expectError(() => as(tx, 'member', (t) => selfCheckIn(t, event, forged.qr, 'qr', now)))
      expect(sqlState(error)).toBe('ZBKIN')
    })
  })
})

describe('the secretary decides pending check-ins', () => {
  async function pendingRows(tx: SqlClient) {
    const event = await eventAround(tx, -180, -60)
    const scanned = new Date((await dbNow(tx)).getTime() - 170 * MINUTE)
    const token = await checkinToken(SECRET, event, checkinWindow(scanned))
    const mine = await as(tx, 'member', (t) => selfCheckIn(t, event, token.code, 'code', scanned))
    const peers = await as(tx, 'peer', (t) => selfCheckIn(t, event, token.code, 'code', scanned, MEMBER.yangFan))
    return [mine, peers] as const
  }

  it('should let the secretary confirm one and refuse another (all at once in one statement), with who and when set by the server', async () => {
    await scenario(async (tx) => {
      const [mine, peers] = await pendingRows(tx)
      await as(tx, 'secretary', async (t) => {
        await t.query(`update public.attendance set verification = case when id = $1 then 'verified' else 'refused' end, verified_by = $3, verified_at = '2001-01-01'
                       where id in ($1, $2)`, [mine, peers, USER.member])
      })
      const confirmed = await read(tx, mine)
      const refused = await read(tx, peers)
      expect(confirmed).toMatchObject({ status: 'present', verification: 'verified', verified_by: USER.secretary })
      expect(refused).toMatchObject({ status: 'absent', verification: 'refused', verified_by: USER.secretary })
      expect(new Date(confirmed.verified_at!).getTime()).toBe((await dbNow(tx)).getTime())
      const trail = await tx.query<{ old_verification: string; new_verification: string; changed_by: string }>(
        `select old_verification, new_verification, changed_by from public.attendance_changes where attendance_id in ($1, $2) order by new_verification`, [mine, peers])
      expect(trail.rows).toEqual([
        { old_verification: 'pending', new_verification: 'refused', changed_by: USER.secretary },
        { old_verification: 'pending', new_verification: 'verified', changed_by: USER.secretary },
      ])
    })
  })

  it('should not let the organizer or the member decide a pending check-in', async () => {
    await scenario(async (tx) => {
      const [mine] = await pendingRows(tx)
      for (const actor of ['organizer', 'member'] as const) {
        const error = await expectError(() => as(tx, actor, (t) => t.query(`update public.attendance set verification = 'verified' where id = $1`, [mine])))
        expect(sqlState(error)).toBe('42501')
      }
      expect((await read(tx, mine)).verification).toBe('pending')
    })
  })
})

describe('a verified check-in', () => {
  async function verified(tx: SqlClient) {
    const event = await eventAround(tx, -10, 60)
    const now = await dbNow(tx)
    return as(tx, 'member', async (t) => selfCheckIn(t, event, (await checkinToken(SECRET, event, checkinWindow(now))).code, 'code', now))
  }

  it('should not change status or time, nor be deleted, by the member or the organizer', async () => {
    await scenario(async (tx) => {
      const id = await verified(tx)
      const before = await read(tx, id)
      for (const actor of ['member', 'organizer'] as const) {
        for (const change of [`status = 'late'`, `checked_in_at = checked_in_at - interval '1 hour'`, `_deleted = true`, `method = 'manual'`]) {
          const error = await expectError(() => as(tx, actor, (t) => t.query(`update public.attendance set ${change} where id = $1`, [id])))
          expect([actor, change, sqlState(error)]).toEqual([actor, change, '42501'])
        }
      }
      expect(await read(tx, id)).toEqual(before)
    })
  })

  it('should be changed by the secretary, leaving a trail of who changed what from what', async () => {
    await scenario(async (tx) => {
      const id = await verified(tx)
      const before = await read(tx, id)
      await as(tx, 'secretary', (t) => t.query(`update public.attendance set status = 'late' where id = $1`, [id]))
      expect(await read(tx, id)).toMatchObject({ status: 'late', verification: 'verified' })
      const trail = await tx.query(`select changed_by, old_status, new_status, old_checked_in_at::text, new_checked_in_at::text from public.attendance_changes where attendance_id = $1`, [id])
      expect(trail.rows).toEqual([{ changed_by: USER.secretary, old_status: 'present', new_status: 'late', old_checked_in_at: before.checked_in_at, new_checked_in_at: before.checked_in_at }])
    })
  })
})

describe('hand marks', () => {
  it('should flag a committee member marking himself, and record who marked anyone (client values ignored)', async () => {
    await scenario(async (tx) => {
      const event = await eventAround(tx, -10, 60)
      const mark = (t: SqlClient, member: string) =>
        t.query(`insert into public.attendance (id, org_id, branch_id, event_id, member_id, status, method, checked_in_at, marked_by, self_marked)
                 values ($1, $2, $3, $4, $5, 'present', 'manual', now(), $6, false)`, [attendanceRowId(event, member), ORG_ID, BRANCH.first, event, member, USER.secretary])
      await as(tx, 'organizer', async (t) => {
        await mark(t, MEMBER.organizer)
        await mark(t, MEMBER.member)
      })
      expect(await read(tx, attendanceRowId(event, MEMBER.organizer))).toMatchObject({ marked_by: USER.organizer, self_marked: true, verification: null })
      expect(await read(tx, attendanceRowId(event, MEMBER.member))).toMatchObject({ marked_by: USER.organizer, self_marked: false })
    })
  })

  it('should not let the organizer record a QR check-in for someone else without the member\'s token', async () => {
    await scenario(async (tx) => {
      const event = await eventAround(tx, -10, 60)
      const error = await expectError(() => as(tx, 'organizer', (t) =>
        t.query(`insert into public.attendance (id, org_id, branch_id, event_id, member_id, status, method, checked_in_at) values (gen_random_uuid(), $1, $2, $3, $4, 'present', 'qr', now())`,
          [ORG_ID, BRANCH.first, event, MEMBER.member])))
      expect(sqlState(error)).toBe('42501')
    })
  })
})

describe('a withdrawn leave', () => {
  it('should not block a later check-in to the same event through sync (one row per event and member)', async () => {
    await scenario(async (tx) => {
      const event = await eventAround(tx, -10, 60)
      const id = attendanceRowId(event, MEMBER.member)
      const push = (ops: Record<string, unknown>[]) =>
        as(tx, 'member', async (t) => {
          const txs = ops.map((op) => ({ tx_id: randomUUID(), ops: [op] }))
          const { rows } = await t.query<{ r: { results: { status: string; message?: string }[] } }>('select public.sync_push($1, 1, $2) as r', [randomUUID(), JSON.stringify(txs)])
          return rows[0]!.r.results.map((r) => r.message ?? r.status)
        })
      const base = { org_id: ORG_ID, branch_id: BRANCH.first, event_id: event, member_id: MEMBER.member }
      expect(await push([{ table: 'attendance', op: 'upsert', id, row: { ...base, status: 'leave', leave_status: 'pending', leave_reason: '出差' } }])).toEqual(['applied'])
      expect(await push([{ table: 'attendance', op: 'update', id, row: { leave_status: 'withdrawn' } }])).toEqual(['applied'])
      const now = await dbNow(tx)
      const token = await checkinToken(SECRET, event, checkinWindow(now))
      const checkIn = { status: 'present', method: 'code', leave_status: null, checked_in_at: now.toISOString(), checkin_token: token.code }
      expect(await push([{ table: 'attendance', op: 'upsert', id, row: { ...base, ...checkIn } }])).toEqual(['applied'])
      expect(await read(tx, id)).toMatchObject({ status: 'present', verification: 'verified' })
    })
  })
})

describe('the secretary scans a member\'s own code', () => {
  const secretOf = async (tx: SqlClient, actor: ActorName, member: string) =>
    as(tx, actor, async (t) => (await t.query<{ secret: string }>('select secret from public.member_checkin_secrets where member_id = $1', [member])).rows[0]?.secret)

  it('should give every roster row a secret that the member and the committee read, and a colleague does not', async () => {
    await scenario(async (tx) => {
      const { rows } = await tx.query<{ n: number }>(`select count(*)::int as n from public.members m where not exists (select 1 from public.member_checkin_secrets s where s.member_id = m.id)`)
      expect(rows[0]!.n).toBe(0)
      const own = await secretOf(tx, 'member', MEMBER.member)
      expect(own).toMatch(/^[0-9a-f]{64}$/)
      expect(await secretOf(tx, 'secretary', MEMBER.member)).toBe(own)
      expect(await secretOf(tx, 'peer', MEMBER.member)).toBeUndefined()
      expect(await secretOf(tx, 'otherSecretary', MEMBER.member)).toBeUndefined()
    })
  })

  it('should record the member verified, marked by the secretary; a forged code or the member scanning himself is refused', async () => {
    await scenario(async (tx) => {
      const event = await eventAround(tx, -10, 60)
      const now = await dbNow(tx)
      const secret = (await secretOf(tx, 'member', MEMBER.member))!
      const token = await memberCheckinToken(secret, MEMBER.member, checkinWindow(now))
      const scan = (actor: ActorName, text: string) =>
        as(tx, actor, (t) => t.query(
          `insert into public.attendance (id, org_id, branch_id, event_id, member_id, status, method, checked_in_at, checkin_token) values ($1, $2, $3, $4, $5, 'present', 'member_code', $6, $7)`,
          [attendanceRowId(event, MEMBER.member), ORG_ID, BRANCH.first, event, MEMBER.member, now.toISOString(), text]))
      const forged = await memberCheckinToken('bb'.repeat(32), MEMBER.member, checkinWindow(now))
      expect(sqlState(await expectError(() => scan('secretary', forged.qr)))).toBe('ZBKIN')
      // The event's own code is not the member's.
      expect(sqlState(await expectError(() => scan('secretary', token.qr.replace('zhibu:mc:1', 'zhibu:ci:1'))))).toBe('ZBKIN')
      expect(sqlState(await expectError(() => scan('member', token.qr)))).toBe('42501')
      await scan('secretary', token.qr)
      expect(await read(tx, attendanceRowId(event, MEMBER.member))).toMatchObject({
        status: 'present', method: 'member_code', verification: 'verified', marked_by: USER.secretary, self_marked: false, checkin_token: null,
      })
    })
  })
})

describe('an event of the whole organisation', () => {
  it('should take check-ins from two branches, each seen by its own committee, and count once', async () => {
    await scenario(async (tx) => {
      const event = await as(tx, 'admin', async (t) => {
        const id = randomUUID()
        await t.query(`insert into public.events (id, org_id, branch_id, audience, kind, title, starts_at, ends_at) values ($1, $2, null, 'org', 'group_study', '全局集中学习', now() - interval '10 minutes', now() + interval '1 hour')`, [id, ORG_ID])
        await t.query(`insert into public.event_checkin_secrets (id, org_id, branch_id, event_id, secret) values ($1, $2, null, $1, $3)`, [id, ORG_ID, SECRET])
        return id
      })
      const now = await dbNow(tx)
      const token = await checkinToken(SECRET, event, checkinWindow(now))
      await as(tx, 'member', (t) => selfCheckIn(t, event, token.code, 'code', now))
      await as(tx, 'otherMember', (t) => selfCheckIn(t, event, token.code, 'code', now, MEMBER.member2, BRANCH.second))
      const seen = (actor: ActorName) =>
        as(tx, actor, async (t) => (await t.query<{ branch_id: string }>('select branch_id from public.attendance where event_id = $1 order by branch_id', [event])).rows.map((r) => r.branch_id))
      expect(await seen('secretary')).toEqual([BRANCH.first])
      expect(await seen('otherSecretary')).toEqual([BRANCH.second])
      expect(await seen('admin')).toEqual([BRANCH.first, BRANCH.second])
      const counts = await as(tx, 'leader', async (t) =>
        (await t.query<{ events: number; attendees: number }>(
          `select count(distinct e.id)::int as events, count(a.id)::int as attendees from public.events e join public.attendance a on a.event_id = e.id
           where e.id = $1 and a.status in ('present', 'late')`, [event])).rows[0])
      expect(counts).toEqual({ events: 1, attendees: 2 })
    })
  })

  it('should keep attendance inside the event\'s organisation and branch', async () => {
    await scenario(async (tx) => {
      const otherBranchEvent = await eventAround(tx, -10, 60, BRANCH.second)
      await tx.exec('savepoint s')
      const error = await expectError(() => tx.query(
        `insert into public.attendance (id, org_id, branch_id, event_id, member_id, status, method) values (gen_random_uuid(), $1, $2, $3, $4, 'present', 'manual')`,
        [ORG_ID, BRANCH.first, otherBranchEvent, MEMBER.member]))
      expect(sqlState(error)).toBe('23503')
      await tx.exec('rollback to savepoint s')
      const secret = await expectError(() => tx.query(
        `insert into public.event_resolutions (id, org_id, branch_id, event_id, text) values (gen_random_uuid(), $1, $2, $3, '决议')`, [ORG_ID, BRANCH.first, otherBranchEvent]))
      expect(sqlState(secret)).toBe('23503')
    })
  })
})

describe('make-up (补课) and leave decisions', () => {
  it('should let only the secretary confirm a make-up, with who and when from the server', async () => {
    await scenario(async (tx) => {
      const event = await eventAround(tx, -180, -60)
      const id = attendanceRowId(event, MEMBER.member)
      await tx.query(`insert into public.attendance (id, org_id, branch_id, event_id, member_id, status, makeup_required) values ($1, $2, $3, $4, $5, 'absent', true)`,
        [id, ORG_ID, BRANCH.first, event, MEMBER.member])
      await as(tx, 'organizer', (t) => t.query(`update public.attendance set makeup_method = 'minutes', makeup_done_at = now(), makeup_note = '已学习会议记录' where id = $1`, [id]))
      const confirm = (actor: ActorName) => as(tx, actor, (t) => t.query(`update public.attendance set makeup_confirmed_at = '2001-01-01', makeup_confirmed_by = $2 where id = $1`, [id, USER.member]))
      expect(sqlState(await expectError(() => confirm('organizer')))).toBe('42501')
      await confirm('secretary')
      const { rows } = await tx.query<{ by: string; at: string; now: string }>(`select makeup_confirmed_by as by, makeup_confirmed_at::text as at, now()::text as now from public.attendance where id = $1`, [id])
      expect(rows[0]!.by).toBe(USER.secretary)
      expect(rows[0]!.at).toBe(rows[0]!.now)
    })
  })

  it('should keep a leave decision\'s note for the secretary to write', async () => {
    await scenario(async (tx) => {
      const event = await eventAround(tx, 60, 120)
      const id = attendanceRowId(event, MEMBER.member)
      await as(tx, 'member', (t) => t.query(`insert into public.attendance (id, org_id, branch_id, event_id, member_id, status, leave_status, leave_reason) values ($1, $2, $3, $4, $5, 'leave', 'pending', '出差')`,
        [id, ORG_ID, BRANCH.first, event, MEMBER.member]))
      expect(sqlState(await expectError(() => as(tx, 'organizer', (t) => t.query(`update public.attendance set decision_note = '同意' where id = $1`, [id]))))).toBe('42501')
      await as(tx, 'secretary', (t) => t.query(`update public.attendance set leave_status = 'approved', decision_note = '同意，会后补学' where id = $1`, [id]))
      const { rows } = await tx.query(`select leave_status, decision_note, decided_by from public.attendance where id = $1`, [id])
      expect(rows[0]).toEqual({ leave_status: 'approved', decision_note: '同意，会后补学', decided_by: USER.secretary })
    })
  })
})

describe('records of a meeting', () => {
  it('should refuse negative votes, an absurd total, an unknown guest field and a cancel without reason', async () => {
    await scenario(async (tx) => {
      const event = await eventAround(tx, -180, -60)
      const resolution = (votes: [number, number, number]) => tx.query(
        `insert into public.event_resolutions (id, org_id, branch_id, event_id, text, votes_for, votes_against, votes_abstain) values (gen_random_uuid(), $1, $2, $3, '决议', $4, $5, $6)`,
        [ORG_ID, BRANCH.first, event, ...votes])
      await tx.exec('savepoint s')
      for (const votes of [[-1, 0, 0], [6000, 5000, 0]] as [number, number, number][]) {
        expect(sqlState(await expectError(() => resolution(votes)))).toBe('23514')
        await tx.exec('rollback to savepoint s')
      }
      for (const change of [`guest_list = '[{"name": "张三", "phone": "13900000000"}]'`, `guest_list = '[{"name": ""}]'`, `cancelled_at = now()`, `checklist_done = '[1]'`]) {
        expect([change, sqlState(await expectError(() => tx.query(`update public.events set ${change} where id = $1`, [event])))]).toEqual([change, '23514'])
        await tx.exec('rollback to savepoint s')
      }
      await tx.query(`update public.events set guest_list = '[{"name": "张三", "title": "局办公室副主任"}]', cancelled_at = now(), cancel_reason = '与全局大会冲突' where id = $1`, [event])
    })
  })
})
