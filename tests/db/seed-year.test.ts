/**
 * The demo's year of branch life (supabase/seed.sql): made from the day the database is made, the
 * same rows for the same day, an event open for check-in at any hour of that day, and the branch
 * life the secretary's screens show, checked with the app's own rules (compliance calendar,
 * check-in window, attendance ids, quorum).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkinOpen } from '@/domain/checkin'
import { chinaDay } from '@/domain/chinaTime'
import { complianceCalendar, type ObligationPeriod } from '@/domain/complianceCalendar'
import { expectsMember, isPartyKind } from '@/domain/eventAudience'
import { hasMeetingRecord } from '@/domain/meetingRecord'
import { attendanceRowId } from '@/domain/syncIds'
import { createTestDb, schemaFiles, type TestDb } from '../helpers/pglite'
import { BRANCH, GROUP, MEMBER } from '../helpers/roles'

/** The migrated database with the seed run on `day` (China time), or on today when none is given. */
async function seededOn(day?: string): Promise<TestDb> {
  const db = await createTestDb({ seed: false })
  const seed = (await schemaFiles({ seed: true })).at(-1)!
  expect(seed.name).toBe('supabase/seed.sql')
  if (day) await db.sql.exec(`set zhibu.demo_day = '${day}'`)
  await db.sql.exec(seed.sql)
  return db
}

/** Every row of every table in `public`, without the columns the server's clock sets. */
async function publicRows(db: TestDb): Promise<Record<string, unknown[]>> {
  const tables = (await db.sql.query<{ name: string }>(
    `select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
  )).rows
  const out: Record<string, unknown[]> = {}
  for (const { name } of tables) {
    const { rows } = await db.sql.query<{ r: unknown }>(
      `select to_jsonb(t) - '_xid' - 'updated_at' as r from public.${name} t order by (to_jsonb(t) - '_xid' - 'updated_at')::text`,
    )
    out[name] = rows.map((row) => row.r)
  }
  return out
}

interface Event {
  id: string
  kind: string
  title: string
  branch_id: string | null
  group_id: string | null
  audience: string
  starts_at: string
  ends_at: string | null
  cancelled_at: string | null
  cancel_reason: string | null
  minutes: string | null
  checklist_done: string[]
  guest_list: { name: string; title?: string }[]
}

const iso = (v: unknown) => (v == null ? null : new Date(v as string).toISOString())

async function eventsOf(db: TestDb): Promise<Event[]> {
  const { rows } = await db.sql.query<Event>(
    `select id::text, kind, title, branch_id::text, group_id::text, audience, starts_at, ends_at, cancelled_at, cancel_reason, minutes,
            checklist_done, guest_list from public.events`,
  )
  return rows.map((e) => ({ ...e, starts_at: iso(e.starts_at)!, ends_at: iso(e.ends_at), cancelled_at: iso(e.cancelled_at) }))
}

/** 'code@index' (with the party group for 党小组会) of the periods in a state. */
const periodsIn = (periods: ObligationPeriod[], status: ObligationPeriod['status']) =>
  periods
    .filter((p) => p.status === status)
    .map((p) => `${p.obligation}${p.group_id ? `(${p.group_id})` : ''}@${p.period.index}`)
    .sort()

describe('the demo data made on the same day', () => {
  it('is the same rows, ids included, when the database is made twice, and has an event open for check-in right then', async () => {
    for (let attempt = 1; ; attempt++) {
      const madeAt = new Date()
      const first = await seededOn()
      const second = await seededOn()
      try {
        // Made on both sides of midnight (China time): the data may rightly differ; make them again.
        if (chinaDay(new Date()) !== chinaDay(madeAt) && attempt === 1) continue
        const a = await publicRows(first)
        const b = await publicRows(second)
        expect(a.events!.length).toBeGreaterThan(150)
        expect(a.attendance!.length).toBeGreaterThan(1000)
        expect(a.event_resolutions!.length).toBeGreaterThan(30)
        expect(b).toEqual(a)

        const open = (await eventsOf(first)).filter((e) => !e.cancelled_at && checkinOpen(e, madeAt))
        expect(new Set(open.map((e) => e.branch_id))).toEqual(new Set([BRANCH.first, BRANCH.second]))
        return
      } finally {
        await first.close()
        await second.close()
      }
    }
  })
})

describe('the demo data made on 1 December 2026', () => {
  const DAY = '2026-12-01'
  // The day begins at midnight China time; the secretary looks at noon.
  const DAY_START = new Date(`${DAY}T00:00:00+08:00`)
  const NOON = new Date(`${DAY}T12:00:00+08:00`)
  let db: TestDb
  let events: Event[]
  let groups: { id: string; branch_id: string }[]

  beforeAll(async () => {
    db = await seededOn(DAY)
    events = await eventsOf(db)
    groups = (await db.sql.query<{ id: string; branch_id: string }>(`select id::text, branch_id::text from public.party_groups`)).rows
  })
  afterAll(() => db?.close())

  const calendar = (branchId: string) =>
    complianceCalendar({ branchId, year: 2026, now: NOON, events, groups, hasRecord: hasMeetingRecord }).periods

  it('has an event of each office branch open for check-in at every half hour of that day', () => {
    for (let minutes = 0; minutes < 24 * 60; minutes += 30) {
      const at = new Date(DAY_START.getTime() + minutes * 60_000)
      const open = events.filter((e) => !e.cancelled_at && checkinOpen(e, at))
      expect({ at: at.toISOString(), branches: [...new Set(open.map((e) => e.branch_id))].sort() })
        .toEqual({ at: at.toISOString(), branches: [BRANCH.first, BRANCH.second] })
    }
  })

  it('misses exactly the obligations missed on purpose, and leaves this month\'s 支委会 of 机关第一党支部 to the secretary', () => {
    const first = calendar(BRANCH.first)
    expect(periodsIn(first, 'missed')).toEqual([
      'committee_meeting@8', // cancelled four months before and not held again
      `group_meeting(${GROUP.firstB})@4`, // the second party group did not meet eight months before
      'theme_day@10', // held two months before, with no record
    ].sort())
    const cancelled = first.find((p) => p.obligation === 'committee_meeting' && p.period.index === 8)!
    expect(cancelled.notCounted.map((n) => n.reason)).toEqual(['cancelled'])
    expect(events.find((e) => e.id === cancelled.notCounted[0]!.id)!.cancel_reason).toBeTruthy()
    expect(first.find((p) => p.obligation === 'theme_day' && p.period.index === 10)!.notCounted.map((n) => n.reason)).toEqual(['noRecord'])

    const thisMonth = first.find((p) => p.obligation === 'committee_meeting' && p.period.index === 12)!
    expect(thisMonth).toMatchObject({ status: 'due', events: [], notCounted: [] })
    // Everything before December was held with its record, apart from the misses above.
    expect(first.filter((p) => p.period.ends <= DAY_START.toISOString() && p.status !== 'done')).toHaveLength(3)

    expect(periodsIn(calendar(BRANCH.second), 'missed')).toEqual(['party_lecture@2'])
    expect(periodsIn(calendar(BRANCH.retired), 'missed')).toEqual([])
    // The yearly 组织生活会 and 民主评议党员 were held in January.
    for (const branch of Object.values(BRANCH)) {
      expect(periodsIn(calendar(branch), 'done')).toEqual(expect.arrayContaining(['member_appraisal@2026', 'org_life_meeting@2026']))
    }
  })

  it('records attendance of every kind, each row under the id every phone derives for its event and member', async () => {
    const { rows } = await db.sql.query<{ id: string; event_id: string; member_id: string }>(
      `select id::text, event_id::text, member_id::text from public.attendance where id::text not like '18000000-%'`,
    )
    expect(rows.length).toBeGreaterThan(1000)
    expect(rows.filter((r) => r.id !== attendanceRowId(r.event_id, r.member_id))).toEqual([])

    const kinds = (await db.sql.query<{ kind: string; n: number }>(
      `select concat_ws(' ', status, leave_status, verification, method) as kind, count(*)::int as n from public.attendance group by 1 order by 1`,
    )).rows.map((r) => r.kind)
    expect(kinds).toEqual(expect.arrayContaining([
      'present verified qr', 'present verified code', 'present verified member_code', 'present manual',
      'late verified qr', 'leave approved', 'leave rejected', 'leave pending', 'absent', 'present pending code',
    ]))
  })

  it('has two check-ins of 机关第一党支部\'s latest meeting before that day waiting for the secretary (待核实)', async () => {
    const { rows } = await db.sql.query<{ event_id: string; member_id: string; verified_at: unknown }>(
      `select event_id::text, member_id::text, verified_at from public.attendance where verification = 'pending' order by member_id`,
    )
    const latest = events
      .filter((e) => e.branch_id === BRANCH.first && e.audience === 'branch' && !e.cancelled_at && e.starts_at < DAY_START.toISOString())
      .sort((a, b) => b.starts_at.localeCompare(a.starts_at))[0]!
    expect(rows).toEqual([
      { event_id: latest.id, member_id: '15000000-0000-4000-8000-000000000011', verified_at: null },
      { event_id: latest.id, member_id: '15000000-0000-4000-8000-000000000012', verified_at: null },
    ])
  })

  it('asks a make-up of those on leave or absent at the branch\'s meetings: owed, recorded and confirmed', async () => {
    const { rows } = await db.sql.query<{ state: string; n: number; wrong: number }>(
      `select case when a.makeup_confirmed_at is not null then 'confirmed' when a.makeup_done_at is not null then 'recorded' else 'owed' end as state,
              count(*)::int as n,
              count(*) filter (where a.status not in ('leave', 'absent') or e.branch_id is null or e.starts_at > $1
                               or e.kind not in ('general_meeting', 'committee_meeting', 'group_meeting', 'party_lecture', 'theme_day', 'org_life_meeting', 'member_appraisal')
                               or a.makeup_done_at < e.starts_at or a.makeup_done_at > $1)::int as wrong
       from public.attendance a join public.events e on e.id = a.event_id
       where a.makeup_required group by 1 order by 1`, [NOON])
    expect(rows.map((r) => r.state)).toEqual(['confirmed', 'owed', 'recorded'])
    expect(rows.every((r) => r.n > 0 && r.wrong === 0)).toBe(true)

    // 李晓梅 owes one: her party group's meeting of last month.
    const owed = (await db.sql.query<{ title: string }>(
      `select e.title from public.attendance a join public.events e on e.id = a.event_id
       where a.member_id = $1 and a.makeup_required and a.makeup_done_at is null`, [MEMBER.member],
    )).rows
    expect(owed).toEqual([{ title: '第一党小组11月党小组会' }])
  })

  it('has leave requests still to decide only for events to come, besides the one fixed in January', async () => {
    const { rows } = await db.sql.query<{ past: boolean; n: number }>(
      `select e.starts_at < $1 as past, count(*)::int as n from public.attendance a join public.events e on e.id = a.event_id
       where a.leave_status = 'pending' group by 1 order by 1`, [NOON])
    expect(rows).toEqual([{ past: false, n: expect.any(Number) }, { past: true, n: 1 }])
    expect(rows[0]!.n).toBeGreaterThan(0)
  })

  it('writes minutes with the counts, and resolutions whose votes come from the members with a vote who were there', async () => {
    const { rows } = await db.sql.query<{ text: string; votes_for: number; votes_abstain: number; passed: boolean; voters: number; present: number; kind: string }>(
      `select r.text, r.votes_for, r.votes_abstain, r.passed, e.kind,
              (select count(*)::int from public.members m where m.branch_id = e.branch_id and m.member_type = 'full'
                 and (e.kind <> 'committee_meeting' or m.is_committee)) as voters,
              (select count(*)::int from public.attendance a join public.members m on m.id = a.member_id
                where a.event_id = e.id and a.status in ('present', 'late') and m.member_type = 'full') as present
       from public.event_resolutions r join public.events e on e.id = r.event_id`)
    expect(new Set(rows.map((r) => r.kind))).toEqual(new Set(['committee_meeting', 'general_meeting']))
    for (const r of rows) {
      expect(r.votes_for + r.votes_abstain).toBe(r.present)
      expect(r.passed).toBe(r.votes_for * 2 > r.voters)
    }
    expect(rows.some((r) => r.votes_abstain > 0)).toBe(true)

    const general = events.filter((e) => e.kind === 'general_meeting' && e.minutes && e.starts_at > '2026-04-01')
    expect(general.length).toBeGreaterThan(0)
    for (const e of general) {
      const counts = (await db.sql.query<{ expected: number; present: number }>(
        `select count(*)::int as expected, count(*) filter (where status in ('present', 'late'))::int as present from public.attendance where event_id = $1`, [e.id],
      )).rows[0]!
      expect(e.minutes).toContain(`应到${counts.expected}人，实到${counts.present}人`)
      expect(e.guest_list.length).toBeGreaterThan(0)
    }
  })

  it('holds events of every kind the events table takes, and events of the whole organisation attended from several branches', async () => {
    const allowed = (await db.sql.query<{ def: string }>(
      `select pg_get_constraintdef(oid) as def from pg_constraint where conrelid = 'public.events'::regclass and conname = 'events_kind_check'`,
    )).rows[0]!.def
    const kinds = [...allowed.matchAll(/'([a-z_]+)'::text/g)].map((m) => m[1]!)
    expect(kinds.length).toBeGreaterThanOrEqual(11)
    expect([...new Set(events.map((e) => e.kind))].sort()).toEqual([...kinds].sort())

    const orgWide = events.filter((e) => e.branch_id === null)
    expect(orgWide.length).toBeGreaterThan(0)
    expect(orgWide.every((e) => e.audience === 'org')).toBe(true)
    const branches = (await db.sql.query<{ n: number }>(
      `select count(distinct a.branch_id)::int as n from public.attendance a join public.events e on e.id = a.event_id where e.branch_id is null`,
    )).rows[0]!
    expect(branches.n).toBe(2)

    const themeDays = events.filter((e) => e.kind === 'theme_day' && hasMeetingRecord(e) && e.starts_at > '2026-04-01')
    expect(themeDays.length).toBeGreaterThan(0)
    const checklist = (await db.sql.query<{ items: string[] }>(`select theme_day_checklist as items from public.orgs`)).rows[0]!.items
    for (const e of themeDays) expect(checklist).toEqual(expect.arrayContaining(e.checklist_done))
  })

  it('records attendance only of people the app expects: staff who are not party members at the campaigns, never at branch life', async () => {
    type Member = { id: string; branch_id: string; group_id: string | null; is_committee: boolean; status: string; member_type: string }
    const members = new Map(
      (await db.sql.query<Member>(`select id::text, branch_id::text, group_id::text, is_committee, status, member_type from public.members`)).rows.map((m) => [m.id, m]),
    )
    const byId = new Map(events.map((e) => [e.id, e]))
    const rows = (await db.sql.query<{ event_id: string; member_id: string }>(`select event_id::text, member_id::text from public.attendance`)).rows
    const unexpected = rows.filter((a) => !expectsMember(byId.get(a.event_id)! as Parameters<typeof expectsMember>[0], members.get(a.member_id)!))
    expect(unexpected).toEqual([])
    const staffKinds = new Set(
      rows.filter((a) => !['full', 'probationary'].includes(members.get(a.member_id)!.member_type)).map((a) => byId.get(a.event_id)!.kind),
    )
    expect([...staffKinds].sort()).toEqual(['blood_drive', 'donation_drive', 'training', 'visit', 'volunteer'])
    expect([...staffKinds].some((k) => isPartyKind(k as Parameters<typeof isPartyKind>[0]))).toBe(false)
  })
})
