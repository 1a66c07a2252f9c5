/**
 * visit_participants (taking part in a 走访慰问): role × operation, and the rules a bad client
 * could break (another member, another branch's visit, twice the same visit).
 */
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { ACTORS, BRANCH, MEMBER, ORG_ID, VISIT_FIRST } from '../helpers/roles'
import { itChecksRoleOperations, useSeededTestDb, type Operation } from '../helpers/roleOperations'
import { expectError, runAs, sqlState } from '../helpers/sql'

const TARGET = '1e100000-0000-4000-8000-000000000001' // 李晓梅 took part in the 柳树村 visit
const SECOND_BRANCH_VISIT = '1e000000-0000-4000-8000-000000000003'
const OTHER_VISIT = '1e100000-0000-4000-8000-0000000000f2' // a second 机关第一党支部 visit

const sql = useSeededTestDb(async (db) => {
  await db.query(
    `insert into public.visit_participants (id, org_id, branch_id, visit_id, member_id, note) values ($1, $2, $3, $4, $5, '一同入户')`,
    [TARGET, ORG_ID, BRANCH.first, VISIT_FIRST, MEMBER.member],
  )
  await db.query(
    `insert into public.visits (id, org_id, branch_id, kind, visited_on, place, households, persons) values ($1, $2, $3, 'retired_member', '2026-06-28', '老党员家中', 1, 1)`,
    [OTHER_VISIT, ORG_ID, BRANCH.first],
  )
})

describe('visit_participants: role × operation', () => {
  //                     anon member other organizer secretary otherSec leader admin
  const expected: Record<Operation, string> = {
    select: '             -     Y      -      Y         Y         -       Y     Y',
    insert: '             -     Y      -      Y         Y         -       -     -',
    update: '             -     Y      -      Y         Y         -       -     -',
    delete: '             -     -      -      -         -         -       -     -',
  }
  const statements: Record<Operation, [string, unknown[]]> = {
    select: ['select id from public.visit_participants where id = $1', [TARGET]],
    // 李晓梅 took part in a second visit too: she records it, or an organizer does it for her.
    insert: [
      'insert into public.visit_participants (id, org_id, branch_id, visit_id, member_id) values ($1, $2, $3, $4, $5)',
      [randomUUID(), ORG_ID, BRANCH.first, OTHER_VISIT, MEMBER.member],
    ],
    update: ['update public.visit_participants set note = $2 where id = $1', [TARGET, '送去慰问品']],
    delete: ['delete from public.visit_participants where id = $1', [TARGET]],
  }
  itChecksRoleOperations({
    sql,
    expected,
    statements,
    unchanged: async () => {
      const stored = await sql.query<{ note: string }>('select note from public.visit_participants where id = $1', [TARGET])
      expect(stored.rows[0]?.note).toBe('一同入户')
    },
  })
})

describe('visit_participants rules', () => {
  it('should not let a member record someone else', async () => {
    const error = await expectError(() =>
      runAs(sql, ACTORS.member, (tx) =>
        tx.query(`insert into public.visit_participants (id, org_id, branch_id, visit_id, member_id) values ($1, $2, $3, $4, $5)`, [randomUUID(), ORG_ID, BRANCH.first, VISIT_FIRST, MEMBER.yangFan]),
      ),
    )
    expect(sqlState(error)).toBe('42501')
  })

  it('should not accept a visit of another branch', async () => {
    const error = await expectError(() =>
      runAs(sql, ACTORS.member, (tx) =>
        tx.query(`insert into public.visit_participants (id, org_id, branch_id, visit_id, member_id) values ($1, $2, $3, $4, $5)`, [randomUUID(), ORG_ID, BRANCH.first, SECOND_BRANCH_VISIT, MEMBER.member]),
      ),
    )
    expect(sqlState(error)).toBe('23503')
  })

  it('should keep one live participation per member and visit, and allow it again after a tombstone', async () => {
    const twice = await expectError(() =>
      runAs(sql, ACTORS.member, (tx) =>
        tx.query(`insert into public.visit_participants (id, org_id, branch_id, visit_id, member_id) values ($1, $2, $3, $4, $5)`, [randomUUID(), ORG_ID, BRANCH.first, VISIT_FIRST, MEMBER.member]),
      ),
    )
    expect(sqlState(twice)).toBe('23505')
    await runAs(sql, ACTORS.member, async (tx) => {
      await tx.query('update public.visit_participants set _deleted = true where id = $1', [TARGET])
      await tx.query(`insert into public.visit_participants (id, org_id, branch_id, visit_id, member_id) values ($1, $2, $3, $4, $5)`, [randomUUID(), ORG_ID, BRANCH.first, VISIT_FIRST, MEMBER.member])
    })
  })

  it('should refuse an overlong note', async () => {
    const error = await expectError(() => runAs(sql, ACTORS.member, (tx) => tx.query('update public.visit_participants set note = $2 where id = $1', [TARGET, '长'.repeat(501)])))
    expect(sqlState(error)).toBe('23514')
  })
})
