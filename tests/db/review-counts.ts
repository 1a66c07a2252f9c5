/**
 * The review's kept attendance counts (20261201008100_review_counts.sql) against the direct
 * computation, on the demo data and through a seeded random run of writes: attendance inserted,
 * its status changed (check-ins refused, left 待核实, leave approved, refused, withdrawn), deleted
 * (tombstones and real deletes); roster rows changing type, status (transfers, departures),
 * committee seat, party group, deleted; events cancelled, moved to another audience or kind,
 * deleted; organisation-wide events with attendees of every branch.
 *
 * Two comparisons, both exact:
 *   - review_event_counts (which reads the kept counts) equals review_roll (which pairs every
 *     expected person with every event, the rules' direct form) for every event of every
 *     organisation, for the organisation and for each branch as its secretary sees it;
 *   - the kept table equals what counting every event again from scratch gives.
 * Run on PGlite (review-counts.test.ts) and on a real PostgreSQL server (review-counts-realpg.test.ts).
 */
import { describe, expect, it } from 'vitest'
import { ACTORS } from '../helpers/roles'
import { runAs, type SqlClient } from '../helpers/sql'

type Json = Record<string, unknown>

/** The demo organisation (seed.sql). */
const DEMO_ORG = `(select id from public.orgs order by id limit 1)`

/** Events whose kept counts differ from the direct computation, in some scope ([] when none). */
export async function countDifferences(db: SqlClient): Promise<Json[]> {
  const { rows } = await db.query<{ d: Json[] }>(
    `with scopes as (
       select o.id as org, null::uuid[] as branches from public.orgs o
       union all
       select b.org_id, array[b.id] from public.branches b where not b._deleted
     ),
     kept as (
       select s.org, s.branches, c.event_id, c.expected, c.present, c.late, c.leave, c.absent
       from scopes s cross join lateral app_private.review_event_counts(s.org, s.branches, '-infinity', 'infinity', false) c
       where c.expected + c.present + c.late + c.leave + c.absent > 0
     ),
     direct as (
       select s.org, s.branches, r.event_id, count(*) filter (where r.expected) as expected,
         count(*) filter (where r.expected and r.state = 'present') as present,
         count(*) filter (where r.expected and r.state = 'late') as late,
         count(*) filter (where r.expected and r.state = 'leave') as leave,
         count(*) filter (where r.expected and r.state = 'absent') as absent
       from scopes s cross join lateral app_private.review_roll(s.org, s.branches, '-infinity', 'infinity', null) r
       group by s.org, s.branches, r.event_id
       having count(*) filter (where r.expected) > 0
     )
     select coalesce(jsonb_agg(d), '[]') as d from (
       (select 'kept' as side, * from kept except select 'kept', * from direct)
       union all
       (select 'direct', * from direct except select 'direct', * from kept)) d`,
  )
  return rows[0]!.d
}

/** Per-person kept counts (person × China-time month, events not cancelled) that differ from review_roll's. */
export async function personDifferences(db: SqlClient): Promise<Json[]> {
  const { rows } = await db.query<{ d: Json[] }>(
    `with direct as (
       select r.member_id, date_trunc('month', e.starts_at at time zone 'Asia/Shanghai')::date as month,
         count(*) filter (where r.state = 'present') as present, count(*) filter (where r.state = 'late') as late,
         count(*) filter (where r.state = 'leave') as leave
       from public.orgs o cross join lateral app_private.review_roll(o.id, null, '-infinity', 'infinity', null) r
       join public.events e on e.id = r.event_id
       where r.expected and e.cancelled_at is null
       group by 1, 2
       having count(*) filter (where r.state in ('present', 'late', 'leave')) > 0
     ),
     kept as (select member_id, month, present::bigint, late::bigint, leave::bigint from app_private.review_member_counts
              where present + late + leave > 0)
     select coalesce(jsonb_agg(d), '[]') as d from (
       (select 'kept' as side, * from kept except select 'kept', * from direct)
       union all
       (select 'direct', * from direct except select 'direct', * from kept)) d`,
  )
  return rows[0]!.d
}

/**
 * review_member_attendance as the demo's leader for the current year (months kept, and this month
 * counted from its rows) against review_roll over the same held events: the rows that differ.
 */
export async function memberAttendanceDifferences(db: SqlClient): Promise<Json[]> {
  const year = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()))
  const answer = await runAs(db, ACTORS.leader, async (tx) =>
    (await tx.query<{ r: { rows: Json[] } }>('select public.review_member_attendance($1) as r', [year])).rows[0]!.r.rows)
  const { rows } = await db.query<Json>(
    `select r.member_id, count(*) filter (where r.expected)::int as expected,
       count(*) filter (where r.expected and r.state = 'present')::int as present,
       count(*) filter (where r.expected and r.state = 'late')::int as late,
       count(*) filter (where r.expected and r.state = 'leave')::int as leave
     from public.orgs o
     cross join lateral app_private.review_roll(o.id, null, make_timestamptz($1, 1, 1, 0, 0, 0, 'Asia/Shanghai'),
                                                make_timestamptz($1 + 1, 1, 1, 0, 0, 0, 'Asia/Shanghai'), null) r
     join public.events e on e.id = r.event_id
     where o.id = ${DEMO_ORG} and e.cancelled_at is null and e.starts_at <= now()
     group by r.member_id`,
    [year],
  )
  const direct = new Map(rows.map((r) => [r.member_id as string, r]))
  return answer
    .map((r) => {
      const d = direct.get(r.member_id as string) ?? { expected: 0, present: 0, late: 0, leave: 0 }
      const same = (['expected', 'present', 'late', 'leave'] as const).every((k) => d[k] === r[k])
      return same ? null : { member_id: r.member_id, answered: r, direct: d }
    })
    .filter((d) => d !== null)
}

/** Rows of the kept table that counting from scratch does not give, or gives otherwise. */
export async function driftFromRebuild(db: SqlClient): Promise<Json[]> {
  await db.exec('begin')
  try {
    await db.exec(`create temporary table kept_before on commit drop as
                   select event_id, branch_id, org_id, present, late, leave, absent from app_private.review_attendance_counts
                   where present + late + leave + absent > 0`)
    await db.exec(`create temporary table persons_before on commit drop as
                   select member_id, month, org_id, present, late, leave from app_private.review_member_counts
                   where present + late + leave > 0`)
    await db.exec('select app_private.review_counts_rebuild()')
    const { rows } = await db.query<{ d: Json[] }>(
      `with rebuilt as (select event_id, branch_id, org_id, present, late, leave, absent from app_private.review_attendance_counts
                        where present + late + leave + absent > 0),
            persons as (select member_id, month, org_id, present, late, leave from app_private.review_member_counts
                        where present + late + leave > 0)
       select coalesce(jsonb_agg(d), '[]') as d from (
         (select 'kept' as side, to_jsonb(x) as row from (select * from kept_before except select * from rebuilt) x)
         union all
         (select 'rebuilt', to_jsonb(x) from (select * from rebuilt except select * from kept_before) x)
         union all
         (select 'kept person', to_jsonb(x) from (select * from persons_before except select * from persons) x)
         union all
         (select 'rebuilt person', to_jsonb(x) from (select * from persons except select * from persons_before) x)) d`,
    )
    return rows[0]!.d
  } finally {
    await db.exec('rollback')
  }
}

/** A small seeded PRNG (mulberry32): the same run every time. */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const STATES = [
  `status = 'present', method = 'manual', checked_in_at = now(), leave_status = null, decided_at = null, verification = null`,
  `status = 'present', method = 'qr', checked_in_at = now(), leave_status = null, decided_at = null, verification = 'pending'`,
  `status = 'absent', method = 'qr', checked_in_at = now(), leave_status = null, decided_at = null, verification = 'refused'`,
  `status = 'late', method = 'code', checked_in_at = now(), leave_status = null, decided_at = null, verification = 'verified'`,
  `status = 'late', method = 'manual', checked_in_at = now(), leave_status = null, decided_at = null, verification = null`,
  `status = 'leave', method = null, checked_in_at = null, leave_status = 'approved', decided_at = now(), verification = null`,
  `status = 'leave', method = null, checked_in_at = null, leave_status = 'pending', decided_at = null, verification = null`,
  `status = 'leave', method = null, checked_in_at = null, leave_status = 'rejected', decided_at = now(), verification = null`,
  `status = 'leave', method = null, checked_in_at = null, leave_status = 'withdrawn', decided_at = null, verification = null`,
  `status = 'absent', method = null, checked_in_at = null, leave_status = null, decided_at = null, verification = null`,
]
const MEMBER_CHANGES = [
  `member_type = 'masses'`, `member_type = 'full'`, `member_type = 'probationary'`, `member_type = 'league'`,
  `status = 'transferred'`, `status = 'active'`, `status = 'left'`, `status = 'deceased'`, `status = 'retired'`,
  `is_committee = not is_committee`,
  `group_id = (select g.id from public.party_groups g where g.branch_id = m.branch_id and g.id is distinct from m.group_id order by g.id limit 1)`,
  `group_id = null`,
  `_deleted = true`,
]
const EVENT_CHANGES = [
  `cancelled_at = now(), cancel_reason = '改期'`,
  `cancelled_at = null, cancel_reason = null`,
  `starts_at = starts_at - interval '40 days', ends_at = ends_at - interval '40 days'`,
  `starts_at = now() - interval '2 hours', ends_at = null`,
  `kind = 'volunteer'`,
  `kind = 'theme_day'`,
  `kind = 'committee_meeting', audience = 'committee', group_id = null`,
  `kind = 'group_study', audience = 'branch', group_id = null`,
  `_deleted = true`,
]

/**
 * One random write to the organisation's data, as the database owner (the rules under test are the
 * counts', not who may write). Returns what it did, for the failure message.
 */
export async function randomWrite(db: SqlClient, org: string, random: () => number): Promise<string> {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!
  const roll = random()
  const offset = Math.floor(random() * 1_000_000)
  const row = (table: string, where: string) =>
    `(select t.id from ${table} t where t.org_id = '${org}' and ${where} order by t.id offset ${offset} % greatest(1, (select count(*) from ${table} t where t.org_id = '${org}' and ${where})) limit 1)`
  let sql: string
  if (roll < 0.3) {
    // A new row: a person of the event's branch (any branch at an organisation-wide event).
    sql = `insert into public.attendance (id, org_id, branch_id, event_id, member_id, status, method, checked_in_at)
           select gen_random_uuid(), e.org_id, m.branch_id, e.id, m.id, 'present', 'manual', now()
           from public.events e join public.members m on m.org_id = e.org_id and (e.branch_id is null or m.branch_id = e.branch_id)
           where e.id = ${row('public.events', 'not t._deleted')}
             and not exists (select 1 from public.attendance a where a.event_id = e.id and a.member_id = m.id)
           order by m.id offset ${offset % 7} limit ${1 + (offset % 3)}`
  } else if (roll < 0.6) {
    sql = `update public.attendance set ${pick(STATES)} where id = ${row('public.attendance', 'not t._deleted')}`
  } else if (roll < 0.66) {
    sql = `update public.attendance set _deleted = true where id = ${row('public.attendance', 'not t._deleted')}`
  } else if (roll < 0.72) {
    sql = `delete from public.attendance where id = ${row('public.attendance', 'true')}`
  } else if (roll < 0.86) {
    sql = `update public.members m set ${pick(MEMBER_CHANGES)} where m.id = ${row('public.members', 'not t._deleted')}`
  } else if (roll < 0.95) {
    const change = pick(EVENT_CHANGES)
    // Reinstating an event is tried on a cancelled one.
    const which = change.startsWith('cancelled_at = null') ? ' and t.cancelled_at is not null' : ''
    sql = `update public.events e set ${change} where e.id = ${row('public.events', `not t._deleted and t.kind <> 'group_meeting' and t.branch_id is not null${which}`)}`
  } else {
    // An organisation-wide event, with a few attendees of every branch.
    sql = `with e as (
             insert into public.events (id, org_id, branch_id, audience, kind, title, starts_at)
             values (gen_random_uuid(), '${org}', null, '${pick(['org', 'committee'])}', '${pick(['group_study', 'blood_drive', 'volunteer'])}', '全局活动', now() - interval '${offset % 300} days')
             returning id, org_id)
           insert into public.attendance (id, org_id, branch_id, event_id, member_id, status, method, checked_in_at)
           select gen_random_uuid(), e.org_id, m.branch_id, e.id, m.id, 'present', 'manual', now()
           from e join public.members m on m.org_id = e.org_id where (hashtext(m.id::text) + ${offset}) % 3 = 0`
  }
  const said = sql.replace(/\s+/g, ' ')
  try {
    await db.query(sql)
  } catch (error) {
    throw new Error(`${(error as Error).message} in: ${said}`, { cause: error })
  }
  return said.slice(0, 160)
}

export function reviewCountsSuite(db: () => SqlClient, options: { writes: number }): void {
  describe('the kept attendance counts', () => {
    it('equal the direct computation on the demo year, for the organisation and each branch', async () => {
      expect(await countDifferences(db())).toEqual([])
      expect(await personDifferences(db())).toEqual([])
      expect(await memberAttendanceDifferences(db())).toEqual([])
      expect(await driftFromRebuild(db())).toEqual([])
      const { rows } = await db().query<{ events: number; kept: number; persons: number }>(
        `select (select count(*)::int from public.events where org_id = ${DEMO_ORG}) as events,
                (select count(*)::int from app_private.review_attendance_counts where present + late + leave + absent > 0) as kept,
                (select count(*)::int from app_private.review_member_counts where present + late + leave > 0) as persons`,
      )
      // The comparison covered a real year: the demo holds well over 100 events with rows kept.
      expect(rows[0]!.events).toBeGreaterThan(100)
      expect(rows[0]!.kept).toBeGreaterThan(100)
      expect(rows[0]!.persons).toBeGreaterThan(100)
    })

    it(`stay equal through ${options.writes} seeded random writes of attendance, roster and events`, async () => {
      const org = (await db().query<{ id: string }>(`select ${DEMO_ORG} as id`)).rows[0]!.id
      const random = prng(20261201)
      const done: string[] = []
      for (let i = 1; i <= options.writes; i += 1) {
        done.push(await randomWrite(db(), org, random))
        if (i % 50 === 0 || i === options.writes) {
          const differences = [...(await countDifferences(db())), ...(await personDifferences(db()))]
          expect({ after: i, last: done.slice(-3), differences }).toEqual({ after: i, last: done.slice(-3), differences: [] })
        }
      }
      expect(await memberAttendanceDifferences(db())).toEqual([])
      expect(await driftFromRebuild(db())).toEqual([])
      // The run reached every kind of write (counted by what each statement did).
      const kinds = done.map((sql) => sql.split(' ')[0] + (sql.includes('_deleted = true') ? ' tombstone' : sql.includes('public.members') ? ' member' : sql.includes('public.events e set') ? ' event' : ''))
      expect(new Set(kinds)).toEqual(new Set(['insert', 'update', 'update tombstone', 'delete', 'update member', 'update event', 'with']))
    })
  })
}
