import { afterEach, describe, expect, test, vi } from 'vitest'
import { FairQueue, QueueRefusal } from '../../supabase/local/database'

// The local backend's queue in front of its one database connection (supabase/local/database.ts).

/** A job that finishes when the test says so, recording its start. */
function gate(started: string[], name: string) {
  let open!: () => void
  const done = new Promise<void>((resolve) => {
    open = resolve
  })
  return { run: () => (started.push(name), done.then(() => name)), open }
}

afterEach(() => {
  vi.useRealTimers()
})

describe('FairQueue', () => {
  test('should run one job at a time, taking callers in turn', async () => {
    const queue = new FairQueue({ maxWaitingPerCaller: 100, maxWaitMs: 60_000 })
    const started: string[] = []
    const jobs = ['a1', 'a2', 'a3', 'b1', 'a4', 'c1'].map((name) => ({ name, ...gate(started, name) }))
    const results = jobs.map((job) => queue.schedule(job.name[0]!, job.run))
    for (const job of jobs) job.open()
    expect(await Promise.all(results)).toEqual(['a1', 'a2', 'a3', 'b1', 'a4', 'c1'])
    // a1 was running when the others came: then b, c and a take turns.
    expect(started).toEqual(['a1', 'a2', 'b1', 'c1', 'a3', 'a4'])
  })

  test('should refuse a caller who already has the most jobs waiting, and not another caller', async () => {
    const queue = new FairQueue({ maxWaitingPerCaller: 2, maxWaitMs: 60_000 })
    const started: string[] = []
    const running = gate(started, 'a1')
    const first = queue.schedule('a', running.run)
    const waiting = [queue.schedule('a', async () => 'a2'), queue.schedule('a', async () => 'a3')]
    await expect(queue.schedule('a', async () => 'a4')).rejects.toEqual(new QueueRefusal('too_many_waiting'))
    const other = queue.schedule('b', async () => 'b1')
    running.open()
    expect(await Promise.all([first, ...waiting, other])).toEqual(['a1', 'a2', 'a3', 'b1'])
  })

  test('should refuse a job that waited longer than the limit without running it', async () => {
    vi.useFakeTimers()
    const queue = new FairQueue({ maxWaitingPerCaller: 10, maxWaitMs: 1000 })
    const started: string[] = []
    const running = gate(started, 'a1')
    const first = queue.schedule('a', running.run)
    const late = queue.schedule('b', async () => started.push('b1'))
    const refusal = expect(late).rejects.toEqual(new QueueRefusal('waited_too_long'))
    await vi.advanceTimersByTimeAsync(1001)
    await refusal
    running.open()
    expect(await first).toBe('a1')
    expect(started).toEqual(['a1'])
  })

  test('should never refuse unlimited jobs (direct SQL of tests and tools)', async () => {
    vi.useFakeTimers()
    const queue = new FairQueue({ maxWaitingPerCaller: 0, maxWaitMs: 10 })
    const started: string[] = []
    const running = gate(started, 'admin1')
    const first = queue.schedule('admin', running.run, false)
    const second = queue.schedule('admin', async () => 'admin2', false)
    await vi.advanceTimersByTimeAsync(1000)
    running.open()
    expect(await Promise.all([first, second])).toEqual(['admin1', 'admin2'])
  })
})
