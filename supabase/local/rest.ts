import type { PGlite, Transaction } from '@electric-sql/pglite'
import type { JwtClaims } from './jwt.ts'

/** The roles a token may switch to, as in Supabase. Any other role (e.g. a superuser) is refused. */
export const API_ROLES = ['anon', 'authenticated', 'service_role'] as const
export type ApiRole = (typeof API_ROLES)[number]

export function isApiRole(role: unknown): role is ApiRole {
  return typeof role === 'string' && (API_ROLES as readonly string[]).includes(role)
}

/** PostgREST's error body. */
export interface PostgrestErrorBody {
  code: string
  details: string | null
  hint: string | null
  message: string
}

/** HTTP status for a SQLSTATE, following PostgREST's table. */
export function httpStatusForSqlState(code: string | undefined, role: string): number {
  if (!code) return 500
  switch (code) {
    case '23503':
    case '23505':
      return 409
    case '25006':
      return 405
    case 'P0001':
      return 400
    case '42883':
    case '42P01':
      return 404
    case '42P17':
      return 500
    case '42501':
      return role === 'anon' ? 401 : 403
  }
  const custom = /^PT(\d\d\d)$/.exec(code)
  if (custom) return Number(custom[1])
  switch (code.slice(0, 2)) {
    case '08':
    case '53':
      return 503
    case '0L':
    case '0P':
    case '28':
      return 403
    case '09':
    case '25':
    case '2D':
    case '38':
    case '39':
    case '3B':
    case '40':
    case '54':
    case '55':
    case '57':
    case '58':
    case 'F0':
    case 'HV':
    case 'P0':
    case 'XX':
      return 500
  }
  return 400
}

/** The PostgREST error body for a Postgres error (PGlite's DatabaseError carries these fields). */
export function postgrestErrorBody(error: unknown): PostgrestErrorBody {
  const e = error as { code?: string; message?: string; detail?: string; hint?: string }
  return { code: e.code ?? 'XX000', details: e.detail ?? null, hint: e.hint ?? null, message: e.message ?? String(error) }
}

export interface RpcCall {
  /** Function name from the path `/rpc/<name>`. */
  name: string
  /**
   * Where the function lives: `public` (the API) unless the backend itself calls one of
   * app_private's invoker entry points (never taken from the request).
   */
  schema?: 'public' | 'app_private'
  /** Named arguments: the JSON body of a POST, or the query parameters of a GET. */
  args: unknown
  method: 'GET' | 'POST'
  claims: JwtClaims
  role: ApiRole
  /** Lower-case request headers, as PostgREST exposes them in `request.headers`. */
  headers: Record<string, string>
  /** The request path as PostgREST sees it, e.g. `/rpc/me`. */
  path: string
  /** `Accept: application/vnd.pgrst.object+json` (supabase-js `.single()`). */
  singleObject: boolean
}

export interface RpcResponse {
  status: number
  /** JSON text; absent for 204. */
  body?: string
  headers: Record<string, string>
}

interface InputArg {
  name: string
  type: string
  hasDefault: boolean
}

interface FunctionInfo {
  name: string
  returnsSet: boolean
  returnType: string
  returnKind: string
  inputs: InputArg[]
}

interface CatalogRow {
  proname: string
  proretset: boolean
  rettype: string
  typtype: string
  pronargdefaults: number
  argnames: string[] | null
  argmodes: string[] | null
  argtypes: string[]
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`

async function findFunctions(tx: Transaction, schema: string, name: string): Promise<FunctionInfo[]> {
  const { rows } = await tx.query<CatalogRow>(
    `select p.proname, p.proretset, format_type(p.prorettype, null) as rettype, t.typtype::text as typtype,
            p.pronargdefaults, to_json(p.proargnames) as argnames, to_json(p.proargmodes::text[]) as argmodes,
            to_json(array(select format_type(a.t, null)
                            from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) with ordinality as a(t, i)
                           order by a.i)) as argtypes
       from pg_catalog.pg_proc p
       join pg_catalog.pg_namespace n on n.oid = p.pronamespace
       join pg_catalog.pg_type t on t.oid = p.prorettype
      where n.nspname = $1 and p.proname = $2 and p.prokind = 'f'
      order by p.oid`,
    [schema, name],
  )
  return rows.map((row) => {
    const inputs: InputArg[] = []
    row.argtypes.forEach((type, i) => {
      const mode = row.argmodes?.[i] ?? 'i'
      if (mode === 'i' || mode === 'b' || mode === 'v') inputs.push({ name: row.argnames?.[i] ?? '', type, hasDefault: false })
    })
    for (let i = inputs.length - row.pronargdefaults; i < inputs.length; i++) {
      const input = inputs[i]
      if (input) input.hasDefault = true
    }
    return { name: row.proname, returnsSet: row.proretset, returnType: row.rettype, returnKind: row.typtype, inputs }
  })
}

type Chosen = { fn: FunctionInfo; mode: 'named'; used: InputArg[] } | { fn: FunctionInfo; mode: 'whole-body'; type: string }

/** Picks the overload PostgREST would: all given names known, all required ones given. */
function chooseFunction(candidates: FunctionInfo[], keys: string[]): Chosen | null {
  const named = candidates
    .filter(
      (fn) =>
        keys.every((key) => fn.inputs.some((arg) => arg.name === key)) &&
        fn.inputs.every((arg) => arg.hasDefault || keys.includes(arg.name)),
    )
    .sort((a, b) => a.inputs.length - b.inputs.length)
  const first = named[0]
  if (first) return { fn: first, mode: 'named', used: first.inputs.filter((arg) => keys.includes(arg.name)) }
  const wholeBody = candidates.find(
    (fn) => fn.inputs.length === 1 && fn.inputs[0]?.name === '' && ['json', 'jsonb'].includes(fn.inputs[0].type),
  )
  return wholeBody ? { fn: wholeBody, mode: 'whole-body', type: wholeBody.inputs[0]?.type ?? 'jsonb' } : null
}

function notFound(name: string, keys: string[]): RpcResponse {
  const sorted = [...keys].sort()
  const withArgs = sorted.length > 0
  const body: PostgrestErrorBody = {
    code: 'PGRST202',
    details: `Searched for the function public.${name} ${
      withArgs ? `with parameters ${sorted.join(', ')}` : 'without parameters'
    } or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.`,
    hint: null,
    message: `Could not find the function public.${name}${withArgs ? `(${sorted.join(', ')})` : ' without parameters'} in the schema cache`,
  }
  return { status: 404, body: JSON.stringify(body), headers: {} }
}

/** Builds the one statement that calls the function and turns its result into JSON text. */
function callStatement(schema: string, chosen: Chosen, args: Record<string, unknown>): { sql: string; params: unknown[] } {
  const { fn } = chosen
  const sources: string[] = []
  const params: unknown[] = []
  let callArgs = ''
  if (chosen.mode === 'whole-body') {
    params.push(JSON.stringify(args))
    callArgs = `$1::${chosen.type}`
  } else if (chosen.used.length > 0) {
    params.push(JSON.stringify(args))
    const columns = chosen.used.map((arg) => `${quoteIdent(arg.name)} ${arg.type}`).join(', ')
    sources.push(`json_to_record($1::json) as _args(${columns})`)
    callArgs = chosen.used.map((arg) => `${quoteIdent(arg.name)} => _args.${quoteIdent(arg.name)}`).join(', ')
  }
  const call = `${quoteIdent(schema)}.${quoteIdent(fn.name)}(${callArgs})`
  const from = (extra: string[]) => ([...sources, ...extra].length ? ` from ${[...sources, ...extra].join(', ')}` : '')
  if (fn.returnsSet) {
    return { sql: `select coalesce(json_agg(_result), '[]'::json)::text as body${from([`${call} as _result`])}`, params }
  }
  if (fn.returnType === 'void') return { sql: `select ${call} as body${from([])}`, params }
  if (fn.returnKind === 'c' || fn.returnType === 'record') {
    return { sql: `select to_json(_result)::text as body${from([`${call} as _result`])}`, params }
  }
  return { sql: `select coalesce(to_json(${call})::text, 'null') as body${from([])}`, params }
}

/**
 * Calls `public.<name>` the way PostgREST does: in one transaction, switch to the token's role,
 * expose the claims and request details as settings, pass the named arguments cast to the
 * function's own argument types, and honour `response.status` / `response.headers` set by it.
 */
export async function callRpc(db: PGlite, call: RpcCall): Promise<RpcResponse> {
  const args =
    call.args === undefined || call.args === null ? {} : (call.args as Record<string, unknown>)
  if (typeof args !== 'object' || Array.isArray(args)) {
    const body: PostgrestErrorBody = {
      code: 'PGRST102',
      details: null,
      hint: null,
      message: 'The request body must be a JSON object of named arguments',
    }
    return { status: 400, body: JSON.stringify(body), headers: {} }
  }
  const keys = Object.keys(args)
  try {
    return await db.transaction(async (tx) => {
      if (call.method === 'GET') await tx.exec('set transaction read only')
      const schema = call.schema ?? 'public'
      const chosen = chooseFunction(await findFunctions(tx, schema, call.name), keys)
      if (!chosen) return notFound(call.name, keys)
      await tx.query(
        `select set_config('search_path', 'public, extensions', true),
                set_config('request.jwt.claims', $1, true),
                set_config('request.method', $2, true),
                set_config('request.path', $3, true),
                set_config('request.headers', $4, true),
                set_config('request.cookies', '{}', true),
                set_config('role', $5, true)`,
        [JSON.stringify(call.claims), call.method, call.path, JSON.stringify(call.headers), call.role],
      )
      const statement = callStatement(schema, chosen, args)
      const result = await tx.query<{ body: string | boolean }>(statement.sql, statement.params)
      const { rows: settings } = await tx.query<{ status: string | null; headers: string | null }>(
        `select nullif(current_setting('response.status', true), '') as status,
                nullif(current_setting('response.headers', true), '') as headers`,
      )
      const headers = responseHeaders(settings[0]?.headers ?? null)
      const statusOverride = settings[0]?.status ? Number(settings[0].status) : null
      if (chosen.fn.returnType === 'void' && !chosen.fn.returnsSet) {
        return { status: statusOverride ?? 204, headers }
      }
      let body = String(result.rows[0]?.body ?? 'null')
      if (call.singleObject && chosen.fn.returnsSet) {
        const rows = JSON.parse(body) as unknown[]
        if (rows.length !== 1) {
          const error: PostgrestErrorBody = {
            code: 'PGRST116',
            details: `The result contains ${rows.length} rows`,
            hint: null,
            message: 'JSON object requested, multiple (or no) rows returned',
          }
          return { status: 406, body: JSON.stringify(error), headers: {} }
        }
        body = JSON.stringify(rows[0])
      }
      return { status: statusOverride ?? 200, body, headers }
    })
  } catch (error) {
    const body = postgrestErrorBody(error)
    const status = httpStatusForSqlState(body.code, call.role)
    const headers: Record<string, string> = status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {}
    return { status, body: JSON.stringify(body), headers }
  }
}

/** `response.headers` is a JSON array of one-key objects, e.g. `[{"Cache-Control": "no-store"}]`. */
function responseHeaders(setting: string | null): Record<string, string> {
  const headers: Record<string, string> = {}
  if (!setting) return headers
  try {
    const list = JSON.parse(setting) as unknown
    if (Array.isArray(list)) {
      for (const entry of list) {
        if (entry && typeof entry === 'object') {
          for (const [name, value] of Object.entries(entry as Record<string, unknown>)) headers[name] = String(value)
        }
      }
    }
  } catch {
    // An unparsable setting is ignored, as PostgREST would reject it; the call itself succeeded.
  }
  return headers
}
