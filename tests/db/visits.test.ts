/**
 * 走访慰问 (visits) as the committee and admins record them: goods items, the persons visited on the
 * roster, who writes and who reads (a member only the visits he took part in), and a tombstone.
 * The role × operation cells are in matrix.ts (visits, visits:listed, visits:joined, visits:foreign).
 */
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { ACTORS, BRANCH, MEMBER, ORG_ID } from '../helpers/roles'
import { useSeededTestDb } from '../helpers/roleOperations'
import { expectError, runAs, sqlState, type SqlClient } from '../helpers/sql'

const sql = useSeededTestDb()

const insertVisit = (tx: SqlClient, columns: Record<string, unknown>) => {
  const row: Record<string, unknown> = {
    id: randomUUID(),
    org_id: ORG_ID,
    branch_id: BRANCH.first,
    kind: 'retired_member',
    visited_on: '2026-09-28',
    households: 1,
    persons: 1,
    ...columns,
  }
  const names = Object.keys(row)
  const values = names.map((name, i) => (name === 'goods_items' ? `$${i + 1}::jsonb` : name.endsWith('_ids') ? `$${i + 1}::uuid[]` : `$${i + 1}`))
  return tx.query<{ id: string }>(`insert into public.visits (${names.join(', ')}) values (${values.join(', ')}) returning id`, Object.values(row))
}
const goods = (items: unknown) => ({ goods_items: JSON.stringify(items) })
const organizerInserts = (columns: Record<string, unknown>) => runAs(sql, ACTORS.organizer, (tx) => insertVisit(tx, columns))
const stateOf = async (columns: Record<string, unknown>) => sqlState(await expectError(() => organizerInserts(columns)))

describe('visits.goods_items', () => {
  it('should accept items with whole and one-decimal quantities', async () => {
    const items = [
      { name: '电视机', quantity: 2, unit: '台' },
      { name: '床上用品', quantity: 1, unit: '批' },
      { name: '大米', quantity: 2.5, unit: '公斤' },
      { name: '食用油', quantity: 100000, unit: '桶' },
    ]
    const { rows } = await runAs(sql, ACTORS.organizer, async (tx) => {
      const inserted = await insertVisit(tx, goods(items))
      return tx.query<{ goods_items: unknown }>('select goods_items from public.visits where id = $1', [inserted.rows[0]!.id])
    })
    expect(rows[0]?.goods_items).toEqual(items)
  })

  it('should default to no items', async () => {
    const { rows } = await runAs(sql, ACTORS.organizer, async (tx) => {
      const inserted = await insertVisit(tx, {})
      return tx.query<{ goods_items: unknown }>('select goods_items from public.visits where id = $1', [inserted.rows[0]!.id])
    })
    expect(rows[0]?.goods_items).toEqual([])
  })

  const refused: [string, unknown][] = [
    ['not an array', { name: '电视机', quantity: 2, unit: '台' }],
    ['51 items', Array.from({ length: 51 }, (_, i) => ({ name: `物品${i}`, quantity: 1, unit: '件' }))],
    ['an empty name', [{ name: ' ', quantity: 1, unit: '件' }]],
    ['a name of 51 characters', [{ name: '长'.repeat(51), quantity: 1, unit: '件' }]],
    ['a unit of 11 characters', [{ name: '大米', quantity: 1, unit: '袋'.repeat(11) }]],
    ['no unit', [{ name: '大米', quantity: 1 }]],
    ['a quantity of 0', [{ name: '大米', quantity: 0, unit: '袋' }]],
    ['a negative quantity', [{ name: '大米', quantity: -1, unit: '袋' }]],
    ['a quantity over 100000', [{ name: '大米', quantity: 100000.1, unit: '袋' }]],
    ['two decimals', [{ name: '大米', quantity: 1.25, unit: '袋' }]],
    ['a quantity as text', [{ name: '大米', quantity: '2', unit: '袋' }]],
    ['another key', [{ name: '大米', quantity: 2, unit: '袋', price: 50 }]],
    ['an item that is not an object', ['电视机 2 台']],
  ]
  for (const [what, items] of refused) {
    it(`should refuse ${what} (23514)`, async () => {
      expect(await stateOf(goods(items))).toBe('23514')
    })
  }
})

describe('visits.visited_member_ids', () => {
  it('should accept roster members of any branch of the organisation', async () => {
    // 郑守仁 sits in the 离退休党支部; 机关第一党支部's committee visits him.
    await organizerInserts({ visited_member_ids: [MEMBER.retiredNoLogin, MEMBER.member] })
  })

  it('should refuse an id that is not on the organisation roster, like a foreign key (23503)', async () => {
    expect(await stateOf({ visited_member_ids: [randomUUID()] })).toBe('23503')
  })

  it('should refuse another organisation\'s member the same way (23503)', async () => {
    const foreignMember = randomUUID()
    await sql.exec('begin')
    try {
      await sql.query(
        `with o as (insert into public.orgs (id, org_id, name) values ($1, $1, '市档案馆') returning id),
              u as (insert into public.units (id, org_id, name, kind) select $2, id, '馆办公室', 'department' from o returning id, org_id),
              b as (insert into public.branches (id, org_id, unit_id, name) select $3, org_id, id, '市档案馆机关党支部' from u returning id, org_id)
         insert into public.members (id, org_id, branch_id, name, gender, status) select $4, org_id, id, '档案馆职工', 'male', 'active' from b`,
        [randomUUID(), randomUUID(), randomUUID(), foreignMember],
      )
      const error = await expectError(() => runAs(sql, ACTORS.organizer, (tx) => insertVisit(tx, { visited_member_ids: [foreignMember] }), { nested: true }))
      expect(sqlState(error)).toBe('23503')
    } finally {
      await sql.exec('rollback')
    }
  })

  it('should refuse more than 100 persons (23514)', async () => {
    expect(await stateOf({ visited_member_ids: Array.from({ length: 101 }, () => MEMBER.member) })).toBe('23514')
  })
})

describe('visits: who writes and who reads', () => {
  it('should let an admin record a visit for a branch and a leader not', async () => {
    await runAs(sql, ACTORS.admin, (tx) => insertVisit(tx, goods([{ name: '慰问品', quantity: 1, unit: '批' }])))
    expect(sqlState(await expectError(() => runAs(sql, ACTORS.leader, (tx) => insertVisit(tx, {}))))).toBe('42501')
  })

  it('should show a member the visits he took part in and no other', async () => {
    const listed = randomUUID()
    const joined = randomUUID()
    const other = randomUUID()
    await sql.exec('begin')
    try {
      await insertVisit(sql, { id: listed, participant_ids: [MEMBER.member], notes: '职工家属住院' })
      await insertVisit(sql, { id: joined })
      await insertVisit(sql, { id: other, kind: 'staff_hardship', notes: '困难职工家中情况' })
      await sql.query(`insert into public.visit_participants (id, org_id, branch_id, visit_id, member_id) values ($1, $2, $3, $4, $5)`, [randomUUID(), ORG_ID, BRANCH.first, joined, MEMBER.member])
      const seen = await runAs(sql, ACTORS.member, (tx) => tx.query<{ id: string }>('select id from public.visits where id = any ($1::uuid[]) order by id', [[listed, joined, other]]), { nested: true })
      expect(seen.rows.map((r) => r.id).sort()).toEqual([listed, joined].sort())
      const colleague = await runAs(sql, ACTORS.peer, (tx) => tx.query('select id from public.visits where id = any ($1::uuid[])', [[listed, joined, other]]), { nested: true })
      expect(colleague.rows).toHaveLength(0)
    } finally {
      await sql.exec('rollback')
    }
  })

  it('should clear the items and the persons visited from a tombstone', async () => {
    const id = randomUUID()
    const row = await runAs(sql, ACTORS.organizer, async (tx) => {
      await insertVisit(tx, { id, visited_member_ids: [MEMBER.retiredNoLogin], ...goods([{ name: '电视机', quantity: 1, unit: '台' }]), notes: '看望老党员' })
      await tx.query('update public.visits set _deleted = true where id = $1', [id])
      return (await tx.query<{ goods_items: unknown; visited_member_ids: string[]; notes: string | null }>('select goods_items, visited_member_ids, notes from public.visits where id = $1', [id])).rows[0]
    })
    expect(row).toEqual({ goods_items: [], visited_member_ids: [], notes: null })
  })
})

describe('phones that synced before members lost the branch-wide read', () => {
  it('start again from nothing: the tombstone horizon lies past this migration', async () => {
    // app_private.is_goods_items is made by the migration: its row's xmin is the migration's transaction.
    const { rows } = await sql.query<{ horizon: string; migration: string }>(
      `select s.horizon::text, (select p.xmin::text from pg_catalog.pg_proc p where p.proname = 'is_goods_items') as migration from app_private.sync_state s`,
    )
    expect(BigInt(rows[0]!.horizon)).toBeGreaterThan(BigInt(rows[0]!.migration))
  })
})
