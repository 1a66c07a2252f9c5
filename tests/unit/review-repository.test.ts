// @vitest-environment node
import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it } from 'vitest'
import { ZhibuDb } from '@/data/db'
import { createRepositories } from '@/data/repositories'
import { ReviewError, reviewCacheKey } from '@/data/repositories/review'
import { documented, documentedAnswers, startReviewServer, type Reply } from './review-support'

const YEAR = 2026
const FETCHED = new Date('2026-06-01T08:00:00Z')
let n = 0
const open: { close: () => Promise<void> }[] = []

afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()))
})

async function setup(answer: (fn: string, args: Record<string, unknown>) => Reply, now = FETCHED) {
  const server = await startReviewServer(answer)
  open.push(server)
  const db = new ZhibuDb(`review-repo-${++n}`)
  const repos = createRepositories({ db, reviewRpc: server.rpc, now: () => now })
  return { server, db, review: repos.review }
}

describe('review repository', () => {
  it('should call each function with its arguments and parse the answer', async () => {
    const { server, review } = await setup(documented(YEAR))
    const totals = await review.totals(YEAR)
    expect(totals.fromCache).toBe(false)
    expect(totals.fetchedAt).toBe(FETCHED.toISOString())
    expect(totals.value.figures.donation_fen).toBe(1_234_500)
    const records = await review.figureRecords(YEAR, 'donation_fen')
    expect(records.value.figure).toBe('donation_fen')
    await review.branchEvents('b-1', YEAR)
    await review.eventAttendance('e-1')
    await review.branches()
    expect(server.calls).toEqual([
      { fn: 'review_totals', args: { p_year: YEAR } },
      { fn: 'review_figure_records', args: { p_year: YEAR, p_figure: 'donation_fen' } },
      { fn: 'review_branch_events', args: { p_branch_id: 'b-1', p_year: YEAR } },
      { fn: 'review_event_attendance', args: { p_event_id: 'e-1' } },
      { fn: 'review_branches', args: {} },
    ])
  })

  it('should keep the last good answer in _meta under review:<fn>:<args>', async () => {
    const { db, review } = await setup(documented(YEAR))
    await review.participation(YEAR)
    const key = reviewCacheKey('review_participation', [YEAR])
    expect(key).toBe('review:review_participation:2026')
    const entry = await db._meta.get(key)
    expect(entry?.value).toMatchObject({ fetchedAt: FETCHED.toISOString(), value: { year: YEAR } })
  })

  it('should serve the kept answer with its time when the server cannot be reached', async () => {
    const { server, review, db } = await setup(documented(YEAR))
    await review.held(YEAR)
    await server.close()
    open.length = 0
    const offline = createRepositories({ db, reviewRpc: server.rpc, now: () => new Date('2026-06-02T00:00:00Z') }).review
    const result = await offline.held(YEAR)
    expect(result).toMatchObject({ fromCache: true, problem: 'offline', fetchedAt: FETCHED.toISOString() })
    expect(result.value.rows).toHaveLength(5)
  })

  it('should fail with offline when nothing is kept and nothing answers', async () => {
    const { server, review } = await setup(documented(YEAR))
    await server.close()
    open.length = 0
    await expect(review.totals(YEAR)).rejects.toMatchObject({ name: 'ReviewError', code: 'offline' })
  })

  it('should report an answer of the wrong shape as invalidAnswer, keeping the previous one', async () => {
    let broken = false
    const good = documented(YEAR)
    const { review, db } = await setup((fn, args) => (broken ? { status: 200, body: { year: YEAR, figures: { blood_ml: 'x' } } } : good(fn, args)))
    await review.totals(YEAR)
    broken = true
    const result = await review.totals(YEAR)
    expect(result).toMatchObject({ fromCache: true, problem: 'invalidAnswer' })
    expect(result.value.figures.donation_fen).toBe(1_234_500)
    const kept = await db._meta.get(reviewCacheKey('review_totals', [YEAR]))
    expect((kept?.value as { value: { figures: { blood_ml: unknown } } }).value.figures.blood_ml).toBe(11)
  })

  it('should throw invalidAnswer (never crash) when a wrong shape comes and nothing is kept', async () => {
    const { review } = await setup(() => ({ status: 200, body: [1, 2, 3] }))
    const error = await review.branches().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ReviewError)
    expect((error as ReviewError).code).toBe('invalidAnswer')
  })

  it('should refuse and forget the kept answer when the server says not allowed (42501)', async () => {
    let allowed = true
    const good = documented(YEAR)
    const { review, db } = await setup((fn, args) =>
      allowed ? good(fn, args) : { status: 403, body: { code: '42501', message: '无权查看统计' } },
    )
    await review.totals(YEAR)
    allowed = false
    await expect(review.totals(YEAR)).rejects.toMatchObject({ code: 'forbidden' })
    expect(await db._meta.get(reviewCacheKey('review_totals', [YEAR]))).toBeUndefined()
  })

  it('should serve the kept answer on a server error, saying it failed', async () => {
    let failing = false
    const good = documented(YEAR)
    const { review } = await setup((fn, args) => (failing ? { status: 500, body: { code: 'XX000', message: 'boom' } } : good(fn, args)))
    await review.branches()
    failing = true
    await expect(review.branches()).resolves.toMatchObject({ fromCache: true, problem: 'failed' })
  })

  it('should read a kept answer without asking the server', async () => {
    const { server, review } = await setup(documented(YEAR))
    expect(await review.cachedAnswer('review_totals', [YEAR])).toBeNull()
    await review.totals(YEAR)
    const calls = server.calls.length
    const kept = await review.cachedAnswer('review_totals', [YEAR])
    expect(kept?.value).toEqual(documentedAnswers(YEAR).review_totals!({}))
    expect(server.calls).toHaveLength(calls)
  })

  it('should keep each year apart', async () => {
    const { review } = await setup((fn, args) => documented(args.p_year as number)(fn, args))
    await review.totals(2025)
    await review.totals(2026)
    expect((await review.cachedAnswer('review_totals', [2025]))?.value.year).toBe(2025)
  })
})
