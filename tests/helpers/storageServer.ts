import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A small HTTP server that answers like Supabase Storage's object routes (upload, download,
 * remove), in memory, for device-side tests of the photo queue through the real supabase-js.
 * Answers have Storage's shape: `{ statusCode, error, message }` with HTTP 400 (409 in the body for
 * a name that exists, 403 for a policy refusal). Knobs make it refuse, fail or drop answers.
 */
export interface StorageServer {
  url: string
  objects: Map<string, { bytes: Uint8Array; type: string }>
  /** Every request as `METHOD path`. */
  requests: string[]
  /** Names refused by "policy" (403 in the body). */
  refuse: Set<string>
  /** Answer the next n uploads with this HTTP status (503, 429, ...). */
  failNext: { count: number; status: number }
  /** Store the next upload, then cut the connection before answering (a lost answer). */
  dropNextAnswer: boolean
  close(): Promise<void>
}

const read = (req: IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })

export async function startStorageServer(bucket = 'evidence'): Promise<StorageServer> {
  const state = {
    objects: new Map<string, { bytes: Uint8Array; type: string }>(),
    requests: [] as string[],
    refuse: new Set<string>(),
    failNext: { count: 0, status: 503 },
    dropNextAnswer: false,
  }
  const prefix = `/storage/v1/object/${bucket}`
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await read(req)
      const path = decodeURIComponent((req.url ?? '').split('?')[0]!)
      state.requests.push(`${req.method} ${path}`)
      const send = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json', 'access-control-allow-origin': '*' })
        res.end(JSON.stringify(value))
      }
      const fail = (statusCode: string, error: string, message: string) => send(statusCode === '500' ? 500 : 400, { statusCode, error, message })
      if (req.method === 'POST' && path.startsWith(`${prefix}/`)) {
        const name = path.slice(prefix.length + 1)
        if (state.failNext.count > 0) {
          state.failNext.count -= 1
          return send(state.failNext.status, { statusCode: String(state.failNext.status), error: 'Unavailable', message: 'try later' })
        }
        if (state.refuse.has(name)) return fail('403', 'Unauthorized', 'new row violates row-level security policy')
        if (state.objects.has(name)) return fail('409', 'Duplicate', 'The resource already exists')
        // storage-js sends a Blob as multipart form data (the file under ''), other bodies as they are.
        const contentType = String(req.headers['content-type'] ?? '')
        let file = { bytes: new Uint8Array(body), type: contentType }
        if (/^multipart\/form-data/i.test(contentType)) {
          const form = await new Response(new Uint8Array(body), { headers: { 'content-type': contentType } }).formData()
          const part = [...form.values()].find((v): v is File => typeof v !== 'string')
          if (!part) return fail('400', 'InvalidRequest', 'no file')
          file = { bytes: new Uint8Array(await part.arrayBuffer()), type: part.type }
        }
        state.objects.set(name, file)
        if (state.dropNextAnswer) {
          state.dropNextAnswer = false
          req.socket.destroy()
          return
        }
        return send(200, { Key: `${bucket}/${name}`, Id: name })
      }
      if (req.method === 'GET' && path.startsWith(`${prefix}/`)) {
        const found = state.objects.get(path.slice(prefix.length + 1))
        if (!found) return fail('404', 'not_found', 'Object not found')
        res.writeHead(200, { 'content-type': found.type })
        return res.end(Buffer.from(found.bytes))
      }
      if (req.method === 'DELETE' && path === prefix) {
        const names = (JSON.parse(body.toString() || '{}') as { prefixes?: string[] }).prefixes ?? []
        if (names.some((n) => state.refuse.has(n))) return fail('403', 'Unauthorized', 'new row violates row-level security policy')
        const removed = names.filter((n) => state.objects.delete(n)).map((name) => ({ name }))
        return send(200, removed)
      }
      return fail('404', 'not_found', 'no such route')
    })()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    }),
  })
}
