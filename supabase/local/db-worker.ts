/**
 * The worker thread that owns the local database (started by database.ts): it opens PGlite and
 * answers `{ id, request }` messages with `{ id, ok, value | error }`, one request at a time.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { createDbHost, serializeError, type DbHostOptions, type DbRequest } from './db-host.ts'

export type WorkerInbound = { type: 'request'; id: number; request: DbRequest } | { type: 'close' }

export type WorkerOutbound =
  | { type: 'log'; line: string }
  | { type: 'ready' }
  | { type: 'failed'; error: ReturnType<typeof serializeError> }
  | { type: 'reply'; id: number; ok: true; value: unknown }
  | { type: 'reply'; id: number; ok: false; error: ReturnType<typeof serializeError> }
  | { type: 'closed' }

const port = parentPort
if (!port) throw new Error('db-worker.ts runs only as a worker thread')
const send = (message: WorkerOutbound) => port.postMessage(message)
const host = createDbHost(workerData as DbHostOptions, (line) => send({ type: 'log', line }))

host.ready.then(
  () => send({ type: 'ready' }),
  (error: unknown) => send({ type: 'failed', error: serializeError(error) }),
)

port.on('message', (message: WorkerInbound) => {
  if (message.type === 'close') {
    void host.close().finally(() => send({ type: 'closed' }))
    return
  }
  host.run(message.request).then(
    (value) => send({ type: 'reply', id: message.id, ok: true, value }),
    (error: unknown) => send({ type: 'reply', id: message.id, ok: false, error: serializeError(error) }),
  )
})
