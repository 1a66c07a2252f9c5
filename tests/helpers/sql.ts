/**
 * A small SQL client interface shared by the PGlite and the real-PostgreSQL test databases, and the
 * PostgREST-style role switch that every RLS test goes through.
 */

export interface QueryResult<T> {
  rows: T[]
  /** Rows returned or affected (INSERT/UPDATE/DELETE count), as PostgREST would report them. */
  rowCount: number
}

export interface SqlClient {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<T>>
  /** Runs one or more statements without parameters. */
  exec(sql: string): Promise<void>
}

/** Who a request runs as: the anonymous API key, or a signed-in user's JWT. */
export type Actor = { kind: 'anon' } | { kind: 'user'; userId: string; email?: string }

export const anon: Actor = { kind: 'anon' }
export const user = (userId: string, email?: string): Actor => ({ kind: 'user', userId, ...(email ? { email } : {}) })

/** The JWT claims PostgREST would put into `request.jwt.claims` for this actor. */
export function claimsFor(actor: Actor): Record<string, unknown> {
  const exp = Math.floor(Date.now() / 1000) + 3600
  if (actor.kind === 'anon') return { role: 'anon', iss: 'zhibu-test', exp }
  return {
    sub: actor.userId,
    role: 'authenticated',
    aud: 'authenticated',
    exp,
    ...(actor.email ? { email: actor.email } : {}),
    // Deliberately claims admin in the user metadata: roles must come from user_roles, never from here.
    user_metadata: { role: 'admin' },
  }
}

export interface AsOptions {
  /** Commit instead of rolling back (default: roll back, so each case leaves the database as it was). */
  commit?: boolean
  /** Run inside the caller's open transaction, as a savepoint (used by the negative controls). */
  nested?: boolean
}

let savepointCounter = 0

/**
 * Runs `fn` exactly as PostgREST runs a request: in a transaction, `set local role` to the API role,
 * the JWT claims in `request.jwt.claims`; then rolls back (or commits when asked).
 */
export async function runAs<T>(
  db: SqlClient,
  actor: Actor,
  fn: (tx: SqlClient) => Promise<T>,
  options: AsOptions = {},
): Promise<T> {
  const savepoint = `as_user_${++savepointCounter}`
  await db.exec(options.nested ? `savepoint ${savepoint}` : 'begin')
  try {
    await db.exec(`set local role ${actor.kind === 'anon' ? 'anon' : 'authenticated'}`)
    await db.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify(claimsFor(actor))])
    const result = await fn(db)
    if (options.nested) {
      await db.exec(options.commit ? `release savepoint ${savepoint}` : `rollback to savepoint ${savepoint}; release savepoint ${savepoint}`)
      await db.exec('reset role')
    } else {
      await db.exec(options.commit ? 'commit' : 'rollback')
    }
    return result
  } catch (error) {
    if (options.nested) {
      await db.exec(`rollback to savepoint ${savepoint}; release savepoint ${savepoint}`)
      await db.exec('reset role')
    } else {
      await db.exec('rollback')
    }
    throw error
  }
}

/** A database error's SQLSTATE, or undefined when the error is not from the database. */
export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}

/** Runs `fn` and returns the error it throws (fails when it does not throw). */
export async function expectError(fn: () => Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await fn()
  } catch (error) {
    return error as Error & { code?: string }
  }
  throw new Error('expected an error, but the statement succeeded')
}
