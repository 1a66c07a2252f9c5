/**
 * Roster privacy and political status (20261201005000_roster_privacy.sql): what a phone receives of
 * colleagues' personal details, donations and blood donations, and the server's twin of the rule of
 * who is expected at an event (src/domain/eventAudience.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectsMember, type AudienceEvent, type AudienceMember } from '@/domain/eventAudience'
import { EVENT_KINDS } from '@/domain/events'
import { createTestDb, type TestDb } from '../helpers/pglite'
import { ACTORS, BRANCH, MEMBER, type ActorName } from '../helpers/roles'
import { runAs } from '../helpers/sql'

let db: TestDb

beforeAll(async () => {
  db = await createTestDb()
})
afterAll(() => db?.close())

type Pulled = Record<string, { rows: { id: string; member_id?: string; phone?: string | null }[] }>
const PULLED_TABLES = ['member_details', 'donations', 'blood_donations'] as const

/** What sync_pull sends a login's phone of these tables, all pages, the way the device asks. */
async function pulledBy(actor: ActorName): Promise<Pulled> {
  const cursors = Object.fromEntries(PULLED_TABLES.map((t) => [t, { xid: '0', id: null }]))
  return runAs(db.sql, ACTORS[actor], async (tx) => {
    const { rows } = await tx.query<{ r: { tables: Pulled } }>(`select public.sync_pull($1::jsonb, 1, 10000) as r`, [JSON.stringify(cursors)])
    return rows[0]!.r.tables
  })
}

describe('what a phone receives', () => {
  it('a member: his own details, donations and blood donations, none of a colleague\'s', async () => {
    const tables = await pulledBy('member')
    expect(tables.member_details!.rows.map((r) => r.id)).toEqual([MEMBER.member])
    expect(tables.member_details!.rows[0]!.phone).toBe('13900000001')
    expect(tables.donations!.rows.length).toBeGreaterThan(0)
    expect(new Set(tables.donations!.rows.map((r) => r.member_id))).toEqual(new Set([MEMBER.member]))
    expect(new Set(tables.blood_donations!.rows.map((r) => r.member_id))).toEqual(new Set([MEMBER.member]))
  })

  it('the secretary and the organizer: the details of everyone on the branch\'s roster', async () => {
    const { rows } = await db.sql.query<{ id: string }>(`select id::text from public.members where branch_id = $1 order by id`, [BRANCH.first])
    expect(rows).toHaveLength(20)
    for (const actor of ['secretary', 'organizer'] as const) {
      const tables = await pulledBy(actor)
      expect(tables.member_details!.rows.map((r) => r.id).sort(), actor).toEqual(rows.map((r) => r.id))
    }
  })

  it('the leader: his own details (he is on 机关第二党支部\'s roster), nobody else\'s: his review works on aggregates', async () => {
    const tables = await pulledBy('leader')
    expect(tables.member_details!.rows.map((r) => r.id)).toEqual([MEMBER.leader])
  })
})

describe('phones that synced before the change', () => {
  it('start again from nothing: the tombstone horizon lies past the migration, before the demo data', async () => {
    const { rows } = await db.sql.query<{ horizon: string; first_seed: string }>(
      `select s.horizon::text, (select min(_xid)::text from public.members) as first_seed from app_private.sync_state s`,
    )
    expect(BigInt(rows[0]!.horizon)).toBeGreaterThan(0n)
    expect(BigInt(rows[0]!.first_seed)).toBeGreaterThanOrEqual(BigInt(rows[0]!.horizon))
  })
})

describe('the server\'s rule of who is expected is the app\'s', () => {
  const EVENTS: AudienceEvent[] = EVENT_KINDS.flatMap((kind) => [
    { kind, branch_id: 'b1', group_id: null, audience: 'branch' },
    { kind, branch_id: 'b1', group_id: 'g1', audience: 'group' },
    { kind, branch_id: 'b1', group_id: null, audience: 'committee' },
    { kind, branch_id: 'b1', group_id: null, audience: null },
    { kind, branch_id: null, group_id: null, audience: 'org' },
    { kind, branch_id: null, group_id: null, audience: 'committee' },
  ])
  const MEMBERS: AudienceMember[] = ['full', 'probationary', 'league', 'masses', 'other', null].flatMap((member_type) =>
    ['active', 'retired', 'suspended', 'transferred', 'deceased', 'left', null].flatMap((status) =>
      [
        { branch_id: 'b1', group_id: 'g1', is_committee: false },
        { branch_id: 'b1', group_id: 'g2', is_committee: true },
        { branch_id: 'b2', group_id: null, is_committee: true },
        { branch_id: 'b1', group_id: null, is_committee: null },
      ].flatMap((place) => [false, true].map((_deleted) => ({ ...place, status, member_type, _deleted }))),
    ),
  )
  const uuid = (s: string | null | undefined) =>
    s == null ? null : `00000000-0000-4000-8000-${Buffer.from(s).toString('hex').padStart(12, '0')}`

  it('for every kind, audience, place, roster status and political status', async () => {
    const cases = EVENTS.flatMap((e) => MEMBERS.map((m) => ({ e, m })))
    expect(cases).toHaveLength(EVENT_KINDS.length * 6 * 6 * 7 * 4 * 2)
    const input = cases.map(({ e, m }) => ({
      eb: uuid(e.branch_id), eg: uuid(e.group_id), au: e.audience ?? null, k: e.kind,
      mb: uuid(m.branch_id), mg: uuid(m.group_id), c: m.is_committee, s: m.status, t: m.member_type, d: m._deleted,
    }))
    const { rows } = await db.sql.query<{ expected: boolean[] }>(
      `select array_agg(app_private.expects_member((c->>'eb')::uuid, (c->>'eg')::uuid, c->>'au', c->>'k', (c->>'mb')::uuid, (c->>'mg')::uuid,
                (c->>'c')::boolean, c->>'s', c->>'t', (c->>'d')::boolean) order by n) as expected
       from jsonb_array_elements($1::jsonb) with ordinality as x (c, n)`,
      [JSON.stringify(input)],
    )
    const app = cases.map(({ e, m }) => expectsMember(e, m))
    expect(app.filter(Boolean).length).toBeGreaterThan(0)
    expect(rows[0]!.expected.filter((x) => x === null)).toEqual([])
    const differ = cases.filter((_, i) => rows[0]!.expected[i] !== app[i]).map(({ e, m }) => ({ e, m }))
    expect(differ).toEqual([])
  })
})
