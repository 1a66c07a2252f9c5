/**
 * The review's kept attendance counts (tests/db/review-counts.ts) on a real PostgreSQL server, and
 * what only a server has: two sessions writing at once. Skipped loudly when no server is installed,
 * except in CI.
 */
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { applySchema } from '../helpers/pglite'
import { pgClient, requireRealPostgres, startRealPostgres, type RealPostgres } from '../helpers/realpg'
import type { SqlClient } from '../helpers/sql'
import { countDifferences, reviewCountsSuite } from './review-counts'

const available = requireRealPostgres('the review counts on real PostgreSQL')

describe.skipIf(!available)('review counts (real PostgreSQL)', () => {
  let server: RealPostgres | undefined
  const clients: pg.Client[] = []
  let main: SqlClient
  let a: SqlClient
  let b: SqlClient
  let pidB = 0

  beforeAll(async () => {
    server = await startRealPostgres()
    for (let i = 0; i < 3; i += 1) {
      const client = new pg.Client({ connectionString: server.url })
      await client.connect()
      clients.push(client)
    }
    await applySchema((text) => clients[0]!.query(text), { seed: true })
    ;[main, a, b] = clients.map(pgClient) as [SqlClient, SqlClient, SqlClient]
    pidB = (await b.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid
  })
  afterAll(async () => {
    for (const client of clients) await client.end()
    await server?.stop()
  })

  reviewCountsSuite(() => main, { writes: 300 })

  /** Runs session B's statement without waiting; resolves once B waits on a lock or has finished. */
  async function startB(sql: string, params: unknown[] = []): Promise<{ done: Promise<unknown>; blocked: boolean }> {
    let finished = false
    const done = b.query(sql, params).finally(() => {
      finished = true
    })
    let blocked = false
    await vi.waitFor(
      async () => {
        const { rows } = await main.query<{ waiting: boolean }>(
          `select wait_event_type = 'Lock' as waiting from pg_stat_activity where pid = $1`,
          [pidB],
        )
        blocked = rows[0]?.waiting === true
        if (!blocked && !finished) throw new Error('session B is still running')
      },
      { timeout: 10_000, interval: 20 },
    )
    return { done, blocked }
  }

  /** A fresh 集中学习 of the demo's first branch, held yesterday, and three of its party members. */
  async function freshEvent(): Promise<{ event: string; people: string[]; branch: string }> {
    const { rows } = await main.query<{ event: string; branch: string }>(
      `insert into public.events (id, org_id, branch_id, audience, kind, title, starts_at)
       select gen_random_uuid(), b.org_id, b.id, 'branch', 'group_study', '并发', now() - interval '1 day'
       from public.branches b order by b.sort_order, b.id limit 1
       returning id as event, branch_id as branch`,
    )
    const { event, branch } = rows[0]!
    const people = await main.query<{ id: string }>(
      `select m.id from public.members m
       where m.branch_id = $1 and not m._deleted and m.status = 'active' and m.member_type in ('full', 'probationary')
       order by m.id limit 3`,
      [branch],
    )
    return { event, branch, people: people.rows.map((r) => r.id) }
  }

  const kept = async (event: string) =>
    (
      await main.query<{ present: number; late: number; leave: number; absent: number }>(
        `select coalesce(sum(present), 0)::int as present, coalesce(sum(late), 0)::int as late,
                coalesce(sum(leave), 0)::int as leave, coalesce(sum(absent), 0)::int as absent
         from app_private.review_attendance_counts where event_id = $1`,
        [event],
      )
    ).rows[0]
  const insertRow = `insert into public.attendance (id, org_id, branch_id, event_id, member_id, status, method, checked_in_at)
                     select gen_random_uuid(), e.org_id, $3, e.id, $2, 'present', 'manual', now() from public.events e where e.id = $1`

  it('loses no count when two sessions check people in to the same event at once, and then change them at once', async () => {
    const { event, branch, people } = await freshEvent()
    await a.exec('begin')
    await a.query(insertRow, [event, people[0], branch])
    await b.exec('begin')
    // B's count waits for A's uncommitted count of the same event.
    const second = await startB(insertRow, [event, people[1], branch])
    expect(second.blocked).toBe(true)
    await a.exec('commit')
    await second.done
    await b.exec('commit')
    expect(await kept(event)).toEqual({ present: 2, late: 0, leave: 0, absent: 0 })

    await a.exec('begin')
    await a.query(`update public.attendance set status = 'absent', method = null, checked_in_at = null where event_id = $1 and member_id = $2`, [event, people[0]])
    await b.exec('begin')
    const change = await startB(`update public.attendance set status = 'late' where event_id = $1 and member_id = $2`, [event, people[1]])
    expect(change.blocked).toBe(true)
    await a.exec('commit')
    await change.done
    await b.exec('commit')
    expect(await kept(event)).toEqual({ present: 0, late: 1, leave: 0, absent: 1 })
    expect(await countDifferences(main)).toEqual([])
  })

  it('counts a check-in with the facts of a roster change committed while it was being written', async () => {
    const { event, branch, people } = await freshEvent()
    const person = people[2]!
    // A makes the person a 群众 (not expected at party life); B checks the same person in meanwhile.
    await a.exec('begin')
    await a.query(`update public.members set member_type = 'masses' where id = $1`, [person])
    await b.exec('begin')
    const checkin = await startB(insertRow, [event, person, branch])
    await a.exec('commit')
    await checkin.done
    await b.exec('commit')
    expect(await kept(event)).toEqual({ present: 0, late: 0, leave: 0, absent: 0 })
    expect(await countDifferences(main)).toEqual([])

    // The other order: B's check-in first, then A makes the person a party member again.
    await main.query(`delete from public.attendance where event_id = $1`, [event])
    await b.exec('begin')
    await b.query(insertRow, [event, person, branch])
    await a.exec('begin')
    const update = a.query(`update public.members set member_type = 'full' where id = $1`, [person])
    await b.exec('commit')
    await update
    await a.exec('commit')
    expect(await kept(event)).toEqual({ present: 1, late: 0, leave: 0, absent: 0 })
    expect(await countDifferences(main)).toEqual([])
  })
})
