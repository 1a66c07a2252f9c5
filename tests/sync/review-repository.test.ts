/**
 * The review repository against the local backend's real review functions and demo data: every
 * answer parses with its schema (the client's shapes are the server's), the organisation's year has
 * figures to show, a member is refused, and the kept answers serve a phone that lost the network.
 */
import 'fake-indexeddb/auto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ZhibuDb } from '@/data/db'
import { createRepositories } from '@/data/repositories'
import { supabaseReviewRpc } from '@/data/repositories/review'
import { chinaDay } from '@/domain/chinaTime'
import { FIGURE_KEYS, branchCompliance, complianceScore } from '@/domain/review'
import type { LocalBackendServer } from '../../supabase/local/serve'
import { BRANCH1, PASSWORD, apiClient, noFaults, startBackend, type DemoLogin, type Faults } from './harness'

let server: LocalBackendServer
const YEAR = Number(chinaDay(new Date()).slice(0, 4))
let n = 0

beforeAll(async () => {
  server = await startBackend()
})
afterAll(async () => {
  await server?.close()
})

async function phone(login: DemoLogin, faults: Faults = noFaults()) {
  const client = apiClient(server, faults)
  const { error } = await client.auth.signInWithPassword({ email: `${login}@demo.zhibu.cn`, password: PASSWORD })
  if (error) throw error
  const db = new ZhibuDb(`review-real-${login}-${++n}`)
  return { db, faults, review: createRepositories({ db, reviewRpc: supabaseReviewRpc(async () => client) }).review }
}

describe('review repository on the local backend', () => {
  it('should parse every answer the leader gets for this year', async () => {
    const { review } = await phone('leader')
    const branches = await review.branches()
    expect(branches.fromCache).toBe(false)
    expect(branches.value.branches.length).toBeGreaterThan(1)
    const participation = await review.participation(YEAR)
    expect(participation.value.rows.length).toBeGreaterThan(0)
    const held = await review.held(YEAR)
    expect(held.value.rows.length).toBeGreaterThan(0)
    const totals = await review.totals(YEAR)
    expect(Object.keys(totals.value.figures).sort()).toEqual([...FIGURE_KEYS].sort())
    expect(FIGURE_KEYS.filter((k) => totals.value.figures[k] !== null).length).toBeGreaterThan(0)
    const records = await review.figureRecords(YEAR, 'three_meetings_held')
    expect(records.value.figure).toBe('three_meetings_held')
    const events = await review.branchEvents(BRANCH1, YEAR)
    expect(events.value.events.length).toBeGreaterThan(0)
    const held1 = events.value.events.find((e) => e.status === 'held' && e.expected > 0)!
    const attendance = await review.eventAttendance(held1.id)
    expect(attendance.value.event.id).toBe(held1.id)
    expect(attendance.value.rows.length).toBeGreaterThan(0)
    // Each person's year (the workbook's 出勤明细): the demo roster, each expected somewhere.
    const people = await review.memberAttendance(YEAR)
    expect(people.value.rows.length).toBeGreaterThan(10)
    expect(people.value.rows.filter((r) => r.expected === 0)).toEqual([])
  })

  it('should judge the demo branch\'s obligations by the calendar over the server\'s held counts', async () => {
    const { review } = await phone('leader')
    const held = (await review.held(YEAR)).value.rows
    const score = complianceScore(branchCompliance({ branchId: BRANCH1, year: YEAR, now: new Date(), rows: held }).summary)
    expect(score.total).toBeGreaterThan(0)
    expect(score.done).toBeGreaterThan(0)
  })

  it('should refuse a member and keep nothing', async () => {
    const { review, db } = await phone('member')
    await expect(review.totals(YEAR)).rejects.toMatchObject({ code: 'forbidden' })
    expect(await db._meta.count()).toBe(0)
  })

  it('should serve the kept answer when the network goes', async () => {
    const { review, faults } = await phone('leader')
    const fresh = await review.totals(YEAR)
    faults.offline = true
    const kept = await review.totals(YEAR)
    expect(kept).toMatchObject({ fromCache: true, problem: 'offline', fetchedAt: fresh.fetchedAt })
    expect(kept.value).toEqual(fresh.value)
  })
})
