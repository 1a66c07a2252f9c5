import { describe, expect, it } from 'vitest'
import { createRepositories } from '@/data/repositories'
import { BRANCH, ORG, freshDb } from './member-support'

const OTHER_BRANCH = 'b2000000-0000-4000-8000-000000000002'
const event = (id: string, branch: string | null, startsAt: string) => ({
  id, org_id: ORG, branch_id: branch, audience: branch ? 'branch' : 'org', kind: 'group_study', title: id, starts_at: startsAt, _ver: 1,
})
const attendance = (id: string, extra: Record<string, unknown>) => ({
  id, org_id: ORG, branch_id: BRANCH, event_id: 'e1', member_id: `m-${id}`, status: 'present', method: 'code', _ver: 1, ...extra,
})

describe('meeting repositories', () => {
  it('should list the branch\'s events and the organisation\'s, by start time, not another branch\'s', async () => {
    const db = freshDb()
    const repos = createRepositories({ db })
    await db.data('events').bulkPut([
      event('late', BRANCH, '2026-04-02T06:00:00Z'),
      event('org', null, '2026-04-01T06:00:00Z'),
      event('other', OTHER_BRANCH, '2026-03-01T06:00:00Z'),
      event('early', BRANCH, '2026-03-02T06:00:00Z'),
    ])
    const { rows, invalid } = await repos.meetings.visibleTo(BRANCH, ORG)
    expect(rows.map((r) => r.id)).toEqual(['early', 'org', 'late'])
    expect(invalid).toEqual([])
  })

  it('should decide all pending check-ins in one client transaction sending only the verification', async () => {
    const db = freshDb()
    const repos = createRepositories({ db })
    await db.data('attendance').bulkPut([
      attendance('a', { verification: 'pending' }),
      attendance('b', { verification: 'pending' }),
      attendance('c', { verification: 'verified' }),
    ])
    const pending = await repos.checkinReview.pendingOfEvent('e1')
    expect(pending.rows.map((r) => r.id)).toEqual(['a', 'b'])
    await repos.checkinReview.decide(pending.rows, 'verified')
    const outbox = await db._outbox.toArray()
    expect(outbox).toHaveLength(1)
    expect(outbox[0]!.ops.map((op) => [op.op, op.id, op.row])).toEqual([
      ['update', 'a', { verification: 'verified' }],
      ['update', 'b', { verification: 'verified' }],
    ])
    expect((await repos.checkinReview.pendingOfEvent('e1')).rows).toEqual([])
  })

  it('should decide a roll longer than one change may hold in changes of at most 100 rows, every row decided', async () => {
    const db = freshDb()
    const repos = createRepositories({ db })
    await db.data('attendance').bulkPut(Array.from({ length: 250 }, (_, i) => attendance(`p${i}`, { verification: 'pending' })))
    const pending = await repos.checkinReview.pendingOfEvent('e1')
    expect(pending.rows).toHaveLength(250)
    await repos.checkinReview.decide(pending.rows, 'refused')
    const outbox = await db._outbox.orderBy('seq').toArray()
    expect(outbox.map((e) => e.ops.length)).toEqual([100, 100, 50])
    expect(new Set(outbox.flatMap((e) => e.ops.map((op) => op.id))).size).toBe(250)
    expect((await repos.checkinReview.pendingOfEvent('e1')).rows).toEqual([])
  })

  it('should withdraw a leave as an update of the same row, never a delete', async () => {
    const db = freshDb()
    const repos = createRepositories({ db })
    await db.data('attendance').put(attendance('l', { status: 'leave', method: null, leave_status: 'pending', leave_reason: '出差' }))
    await repos.leave.withdraw({ id: 'l', org_id: ORG })
    const ops = (await db._outbox.toArray()).flatMap((e) => e.ops)
    expect(ops.map((op) => [op.op, op.row])).toEqual([['update', { leave_status: 'withdrawn' }]])
    expect((await repos.attendance.byId('l')).rows[0]).toMatchObject({ leave_status: 'withdrawn', status: 'leave' })
  })

  it('should list what a member owes until the make-up is confirmed, and the resolutions of a meeting in order', async () => {
    const db = freshDb()
    const repos = createRepositories({ db })
    await db.data('attendance').bulkPut([
      attendance('x', { member_id: 'me', status: 'absent', method: null, makeup_required: true }),
      attendance('y', { member_id: 'me', status: 'absent', method: null, makeup_required: true, makeup_confirmed_at: '2026-03-20T02:00:00Z' }),
      attendance('z', { member_id: 'me', status: 'present', makeup_required: false }),
    ])
    expect((await repos.makeup.owedBy('me')).rows.map((r) => r.id)).toEqual(['x'])
    await db.data('event_resolutions').bulkPut([
      { id: 'r2', org_id: ORG, branch_id: BRANCH, event_id: 'e1', sort_order: 2, text: '第二项', _ver: 1 },
      { id: 'r1', org_id: ORG, branch_id: BRANCH, event_id: 'e1', sort_order: 1, text: '第一项', votes_for: 15, _ver: 1 },
    ])
    expect((await repos.resolutions.ofEvent('e1')).rows.map((r) => r.text)).toEqual(['第一项', '第二项'])
  })
})
