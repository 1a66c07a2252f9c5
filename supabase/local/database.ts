/**
 * The HTTP side's handle on the local database: a channel to the worker thread that owns PGlite
 * (or, with `worker: false`, to PGlite in this thread), and a fair queue in front of it.
 */
import { Worker } from 'node:worker_threads'
import type { Results } from '@electric-sql/pglite'
import { createDbHost, deserializeError, type DbHostOptions, type DbRequest } from './db-host.ts'
import type { WorkerInbound, WorkerOutbound } from './db-worker.ts'

/** The database as tests and tools see it: PGlite's `query`, `exec` and `transaction`. */
export interface LocalDatabase {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Results<T>>
  exec(sql: string): Promise<Results[]>
  /** Runs `fn` in one transaction; no other request reaches the database meanwhile. */
  transaction<T>(fn: (tx: Pick<LocalDatabase, 'query' | 'exec'>) => Promise<T>): Promise<T>
}

export interface DbChannel {
  ready: Promise<void>
  run(request: DbRequest): Promise<unknown>
  close(): Promise<void>
}

/** PGlite in a worker thread. The worker loads TypeScript through tsx, as `npm start` does. */
export function workerChannel(options: DbHostOptions, log: (line: string) => void): DbChannel {
  const worker = new Worker(new URL('./db-worker-boot.mjs', import.meta.url), { workerData: options })
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>()
  let nextId = 1
  let stopped: Error | null = null
  let settleReady: { resolve: () => void; reject: (error: Error) => void } | null = null
  let onClosed: (() => void) | null = null
  const ready = new Promise<void>((resolve, reject) => {
    settleReady = { resolve, reject }
  })
  const stop = (error: Error) => {
    stopped ??= error
    settleReady?.reject(error)
    for (const waiter of pending.values()) waiter.reject(error)
    pending.clear()
    onClosed?.()
  }
  worker.on('message', (message: WorkerOutbound) => {
    switch (message.type) {
      case 'log':
        log(message.line)
        break
      case 'ready':
        settleReady?.resolve()
        break
      case 'failed':
        stop(deserializeError(message.error))
        break
      case 'reply': {
        const waiter = pending.get(message.id)
        pending.delete(message.id)
        if (message.ok) waiter?.resolve(message.value)
        else waiter?.reject(deserializeError(message.error))
        break
      }
      case 'closed':
        onClosed?.()
        break
    }
  })
  worker.on('error', (error) => stop(error))
  worker.on('exit', (code) => stop(new Error(`The database worker stopped (exit code ${code})`)))
  const post = (message: WorkerInbound) => worker.postMessage(message)
  return {
    ready,
    run(request) {
      if (stopped) return Promise.reject(stopped)
      const id = nextId++
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject })
        post({ type: 'request', id, request })
      })
    },
    async close() {
      if (!stopped) {
        const closed = new Promise<void>((resolve) => {
          onClosed = resolve
        })
        post({ type: 'close' })
        await closed
      }
      await worker.terminate()
    },
  }
}

/** PGlite in this thread: the same requests, without the worker (a long statement blocks the thread). */
export function inlineChannel(options: DbHostOptions, log: (line: string) => void): DbChannel {
  const host = createDbHost(options, log)
  return { ready: host.ready, run: (request) => host.run(request), close: () => host.close() }
}

/** A refusal of the queue: too many requests of one caller waiting, or one waited too long. */
export class QueueRefusal extends Error {
  constructor(readonly reason: 'too_many_waiting' | 'waited_too_long') {
    super(reason)
  }
}

export interface QueueLimits {
  /** Requests one caller may have waiting; more are refused (429). */
  maxWaitingPerCaller: number
  /** A request not started within this many ms is refused (503) instead of run late. */
  maxWaitMs: number
}

interface Job {
  run: () => Promise<unknown>
  resolve: (value: unknown) => void
  reject: (error: unknown) => void
  timer: ReturnType<typeof setTimeout> | undefined
}

/**
 * One request at a time reaches the database (PGlite has one connection), taken round-robin from
 * the callers that have requests waiting: a caller with 500 requests queued delays another
 * caller's request by at most the one that is running.
 */
export class FairQueue {
  private readonly lanes = new Map<string, Job[]>()
  private running = false

  constructor(private readonly limits: QueueLimits) {}

  /** Runs `run` in `caller`'s turn; `limited: false` (direct SQL of tests and tools) is never refused. */
  schedule<T>(caller: string, run: () => Promise<T>, limited = true): Promise<T> {
    const lane = this.lanes.get(caller) ?? []
    if (limited && lane.length >= this.limits.maxWaitingPerCaller) return Promise.reject(new QueueRefusal('too_many_waiting'))
    return new Promise<T>((resolve, reject) => {
      const job: Job = {
        run,
        resolve: resolve as (value: unknown) => void,
        reject,
        timer: limited ? setTimeout(() => {
          const waiting = this.lanes.get(caller)
          const at = waiting?.indexOf(job) ?? -1
          if (!waiting || at < 0) return
          waiting.splice(at, 1)
          if (waiting.length === 0) this.lanes.delete(caller)
          reject(new QueueRefusal('waited_too_long'))
        }, this.limits.maxWaitMs) : undefined,
      }
      job.timer?.unref?.()
      lane.push(job)
      if (!this.lanes.has(caller)) this.lanes.set(caller, lane)
      this.pump()
    })
  }

  private pump(): void {
    if (this.running) return
    const next = this.lanes.entries().next()
    if (next.done) return
    const [caller, lane] = next.value
    const job = lane.shift()!
    // Re-inserting moves the caller to the end of the round.
    this.lanes.delete(caller)
    if (lane.length > 0) this.lanes.set(caller, lane)
    clearTimeout(job.timer)
    this.running = true
    job
      .run()
      .then(job.resolve, job.reject)
      .finally(() => {
        this.running = false
        this.pump()
      })
  }
}

/** The database for direct SQL (tests, tools): queued like a request of the caller `admin`. */
export function queuedDatabase(channel: DbChannel, queue: FairQueue): LocalDatabase {
  const direct: Pick<LocalDatabase, 'query' | 'exec'> = {
    query: <T>(sql: string, params?: unknown[]) => channel.run({ kind: 'query', sql, params }) as Promise<Results<T>>,
    exec: (sql: string) => channel.run({ kind: 'exec', sql }) as Promise<Results[]>,
  }
  return {
    query: (sql, params) => queue.schedule('admin', () => direct.query(sql, params), false),
    exec: (sql) => queue.schedule('admin', () => direct.exec(sql), false),
    transaction: (fn) =>
      queue.schedule('admin', async () => {
        await direct.exec('begin')
        try {
          const result = await fn(direct)
          await direct.exec('commit')
          return result
        } catch (error) {
          await direct.exec('rollback')
          throw error
        }
      }, false),
  }
}
