/** The yearly obligations of the compliance calendar are events a branch's committee can hold. */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDb, type TestDb } from '../helpers/pglite'
import { ACTORS, BRANCH, ORG_ID } from '../helpers/roles'
import { expectError, runAs } from '../helpers/sql'

let db: TestDb

beforeAll(async () => {
  db = await createTestDb()
})
afterAll(() => db?.close())

const insertEvent = (kind: string) => async (tx: Parameters<Parameters<typeof runAs>[2]>[0]) => {
  const id = randomUUID()
  await tx.query(
    `insert into public.events (id, org_id, branch_id, kind, title, starts_at, audience)
     values ($1, $2, $3, $4, '年度会议', '2026-12-20T02:00:00Z', 'branch')`,
    [id, ORG_ID, BRANCH.first, kind],
  )
  return (await tx.query<{ kind: string }>('select kind from public.events where id = $1', [id])).rows[0]?.kind
}

describe('event kinds', () => {
  it.each(['org_life_meeting', 'member_appraisal'])('a secretary holds a %s for the branch', async (kind) => {
    expect(await runAs(db.sql, ACTORS.secretary, insertEvent(kind))).toBe(kind)
  })

  it('refuses a kind the calendar does not know', async () => {
    const error = await expectError(() => runAs(db.sql, ACTORS.secretary, insertEvent('annual_party')))
    expect(error.code).toBe('23514')
  })
})
