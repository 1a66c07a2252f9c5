/**
 * What one request may ask of sync_push, facts the server sets, references that stay inside the
 * organisation, answers that leak nothing and tombstones that keep nothing a person wrote
 * (docs/architecture.md "Limits", "Facts the server sets", "Tombstones"). Declared once, run on
 * PGlite (hardening.test.ts) and on a real PostgreSQL server (hardening-realpg.test.ts).
 */
import { createHash, randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { ACTORS, BRANCH, CAMPAIGN, EVENT, GROUP, MEMBER, ORG_ID, PLEDGE_TEMPLATE, SIGNATURE_SECRETARY, STUDY_LOG, type ActorName } from '../helpers/roles'
import { expectError, runAs, type SqlClient } from '../helpers/sql'

export interface TxResult { tx_id: string; status: string; code?: string; message?: string; op_index?: number; original_status?: string; [k: string]: unknown }
type Op = Record<string, unknown>

/** Rows of another organisation, and a visit of the second branch. */
export const FOREIGN = {
  org: '90000000-0000-4000-8000-000000000001',
  unit: '90000000-0000-4000-8000-000000000002',
  branch: '90000000-0000-4000-8000-000000000003',
  campaign: '90000000-0000-4000-8000-000000000004',
  template: '90000000-0000-4000-8000-000000000005',
  secondVisit: '90000000-0000-4000-8000-000000000006',
  ownEvent: '90000000-0000-4000-8000-000000000007',
} as const
const FOREIGN_BODY = '本单位郑重承诺。'
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex')
const FOREIGN_HASH = sha256(FOREIGN_BODY)
const STROKES = [[{ x: 0.1, y: 0.5, t: 0 }, { x: 0.3, y: 0.4, t: 40 }, { x: 0.5, y: 0.6, t: 80 }]]
const own = { org_id: ORG_ID, branch_id: BRANCH.first, member_id: MEMBER.member }

async function setup(sql: SqlClient): Promise<void> {
  await sql.query(
    `with o as (insert into public.orgs (id, org_id, name) values ($1, $1, '市档案馆') returning id),
          u as (insert into public.units (id, org_id, name, kind) select $2, id, '馆办公室', 'department' from o returning id),
          b as (insert into public.branches (id, org_id, unit_id, name) select $3, $1, id, '市档案馆机关党支部' from u returning id),
          c as (insert into public.donation_campaigns (id, org_id, name, year) select $4, $1, '慈善一日捐', 2026 from b returning id)
     insert into public.pledge_templates (id, org_id, year, kind, title, body, body_sha256)
     select $5, $1, 2026, 'personal', '廉洁从政承诺书', $6, encode(sha256(convert_to($6, 'UTF8')), 'hex') from c`,
    [FOREIGN.org, FOREIGN.unit, FOREIGN.branch, FOREIGN.campaign, FOREIGN.template, FOREIGN_BODY],
  )
  await sql.query(`insert into public.visits (id, org_id, branch_id, kind, visited_on) values ($1, $2, $3, 'poverty', '2026-03-01')`, [FOREIGN.secondVisit, ORG_ID, BRANCH.second])
  await sql.query(`insert into public.events (id, org_id, branch_id, kind, title, starts_at) values ($1, $2, $3, 'theme_day', '主题党日', '2026-04-20 09:00+08')`, [FOREIGN.ownEvent, ORG_ID, BRANCH.first])
}

/** The hardening checks against a migrated, seeded database. */
export function hardeningSuite(db: () => SqlClient): void {
  let sql: SqlClient
  beforeAll(async () => {
    sql = db()
    await setup(sql)
  })

  /** sync_push as the actor, rolled back unless `commit`. */
  const pushTxs = (actor: ActorName, txs: { tx_id: string; ops: Op[] }[], options: { client?: string; commit?: boolean; then?: (tx: SqlClient) => Promise<unknown> } = {}) =>
    runAs(sql, ACTORS[actor], async (tx) => {
      const { rows } = await tx.query<{ r: { results: TxResult[] } }>('select public.sync_push($1, 1, $2) as r', [options.client ?? randomUUID(), JSON.stringify(txs)])
      const after = options.then ? await options.then(tx) : undefined
      return { results: rows[0]!.r.results, after }
    }, { commit: options.commit ?? false })
  const push = async (actor: ActorName, ops: Op[], then?: (tx: SqlClient) => Promise<unknown>) =>
    pushTxs(actor, ops.map((op) => ({ tx_id: randomUUID(), ops: [op] })), { then })
  /** An operation that fails at once (no such row): a transaction of these costs one statement. */
  const cheap = (): Op => ({ table: 'study_logs', op: 'update', id: randomUUID(), row: { note: '学习' } })
  const checkin = (): Op => ({ table: 'attendance', op: 'update', id: randomUUID(), row: { checkin_token: 'ABCDEF' } })
  const txOf = (ops: Op[]) => ({ tx_id: randomUUID(), ops })
  const many = <T>(n: number, make: () => T): T[] => Array.from({ length: n }, make)
  const refusal = async (run: () => Promise<unknown>) => {
    const error = (await expectError(run)) as Error & { code?: string; hint?: string }
    return { code: error.code, hint: error.hint, message: error.message }
  }

  describe('limits of one push', () => {
    it('accepts 5,000 operations in one request and refuses 5,001 with a code and a Chinese message', async () => {
      const under = await pushTxs('member', many(50, () => txOf(many(100, cheap))))
      expect(under.results.map((r) => r.code)).toEqual(Array(50).fill('not_found_or_forbidden'))
      const over = await refusal(() => pushTxs('member', [...many(50, () => txOf(many(100, cheap))), txOf([cheap()])]))
      expect(over).toEqual({ code: '22023', hint: 'sync_too_many_operations', message: '一次同步的操作过多（最多5000个），请稍后重试' })
    })

    it('opens a transaction of 100 operations and rejects one of 101 unopened, also on a retry', async () => {
      const big = txOf(many(101, cheap))
      const client = randomUUID()
      const first = await pushTxs('member', [txOf(many(100, cheap)), big], { client, commit: true })
      expect(first.results.map((r) => [r.status, r.code])).toEqual([['rejected', 'not_found_or_forbidden'], ['rejected', 'too_many_operations']])
      expect(first.results[1]!.message).toBe('这项修改包含的操作过多（每项最多100个），无法同步')
      const retry = await pushTxs('member', [big], { client })
      expect(retry.results[0]).toMatchObject({ status: 'duplicate', original_status: 'rejected', code: 'too_many_operations' })
    })

    it('counts nothing for a transaction it rejects unopened', async () => {
      const { results } = await pushTxs('member', [...many(20, () => txOf(many(101, cheap))), ...many(50, () => txOf(many(100, cheap)))])
      expect(results.filter((r) => r.code === 'too_many_operations')).toHaveLength(20)
      expect(results.filter((r) => r.code === 'not_found_or_forbidden')).toHaveLength(50)
    })

    it('accepts 50 check-ins in one request and refuses 51', async () => {
      const under = await pushTxs('member', many(50, () => txOf([checkin()])))
      expect(under.results).toHaveLength(50)
      const over = await refusal(() => pushTxs('member', many(51, () => txOf([checkin()]))))
      expect(over).toEqual({ code: '22023', hint: 'sync_too_many_checkins', message: '一次同步的签到过多（最多50次），请稍后重试' })
    })

    it('rejects a transaction of 51 check-ins unopened and still applies the rest of the request', async () => {
      const { results } = await pushTxs('member', [txOf(many(51, checkin)), ...many(50, () => txOf([checkin()]))])
      expect(results[0]).toMatchObject({ status: 'rejected', code: 'too_many_checkins', message: '这项修改包含的签到过多（每项最多50次），无法同步' })
      expect(results.slice(1).map((r) => r.code)).toEqual(Array(50).fill('not_found_or_forbidden'))
    })

    it('accepts 500 transactions and refuses 501', async () => {
      expect((await pushTxs('member', many(500, () => txOf([cheap()])))).results).toHaveLength(500)
      const over = await refusal(() => pushTxs('member', many(501, () => txOf([cheap()]))))
      expect(over).toEqual({ code: '22023', hint: 'sync_too_many_transactions', message: '一次同步的修改过多（最多500项），请稍后重试' })
    })

    it('refuses a transaction without a transaction id as a malformed request', async () => {
      const error = await refusal(() => runAs(sql, ACTORS.member, (tx) => tx.query('select public.sync_push($1, 1, $2)', [randomUUID(), JSON.stringify([{ ops: [cheap()] }])])))
      expect(error).toEqual({ code: '22023', hint: 'sync_bad_request', message: '同步请求的格式不正确，请更新应用' })
    })

    it('gives the API roles statement timeouts of 8 s (signed in) and 3 s (anonymous)', async () => {
      const { rows } = await sql.query<{ role: string; config: string[] }>(
        `select r.rolname as role, s.setconfig as config from pg_db_role_setting s join pg_roles r on r.oid = s.setrole
         where r.rolname in ('anon', 'authenticated') and s.setdatabase = 0 order by 1`,
      )
      expect(rows).toEqual([
        { role: 'anon', config: ['statement_timeout=3s'] },
        { role: 'authenticated', config: ['statement_timeout=8s'] },
      ])
    })
  })

  describe('stored outcomes belong to their user', () => {
    it('applies two users\' transactions with the same client and transaction id, each once', async () => {
      const client = randomUUID()
      const txId = randomUUID()
      const mine = { table: 'study_logs', op: 'upsert', id: randomUUID(), row: { ...own, studied_on: '2026-05-01', minutes: 30, topic: '党章' } }
      const peers = { table: 'study_logs', op: 'upsert', id: randomUUID(), row: { org_id: ORG_ID, branch_id: BRANCH.first, member_id: MEMBER.yangFan, studied_on: '2026-05-01', minutes: 45, topic: '准则' } }
      const a = await pushTxs('member', [{ tx_id: txId, ops: [mine] }], { client, commit: true })
      const b = await pushTxs('peer', [{ tx_id: txId, ops: [peers] }], { client, commit: true })
      expect([a.results[0]!.status, b.results[0]!.status]).toEqual(['applied', 'applied'])
      const retry = await pushTxs('member', [{ tx_id: txId, ops: [mine] }], { client })
      expect(retry.results[0]).toMatchObject({ status: 'duplicate', original_status: 'applied' })
      const { rows } = await sql.query<{ topic: string }>('select topic from public.study_logs where id in ($1, $2) order by topic', [mine.id, peers.id])
      expect(rows.map((r) => r.topic)).toEqual(['党章', '准则'])
      const stored = await sql.query<{ n: number }>('select count(*)::int as n from public.sync_applied where client_id = $1 and tx_id = $2', [client, txId])
      expect(stored.rows[0]!.n).toBe(2)
    })
  })

  describe('references stay inside the organisation', () => {
    const refs: [string, ActorName, Op][] = [
      ['a donation to another organisation\'s campaign', 'member', { table: 'donations', op: 'upsert', id: randomUUID(), row: { ...own, campaign_id: FOREIGN.campaign, amount_fen: 100, donated_on: '2026-05-01' } }],
      ['a signature of another organisation\'s pledge', 'member', { table: 'pledge_signatures', op: 'upsert', id: randomUUID(), row: { ...own, template_id: FOREIGN.template, signer_name: '李晓梅', signed_text_sha256: FOREIGN_HASH, strokes: STROKES, signed_at: '2026-05-01T00:00:00Z' } }],
      ['a blood donation at another branch\'s drive', 'member', { table: 'blood_donations', op: 'upsert', id: randomUUID(), row: { ...own, event_id: EVENT.secondGeneralMeeting, volume_ml: 200, donated_on: '2026-05-01' } }],
      ['a leave request for another branch\'s meeting', 'member', { table: 'attendance', op: 'upsert', id: randomUUID(), row: { ...own, event_id: EVENT.secondGeneralMeeting, status: 'leave', leave_status: 'pending', leave_reason: '出差' } }],
      ['taking part in another branch\'s visit', 'member', { table: 'visit_participants', op: 'upsert', id: randomUUID(), row: { ...own, visit_id: FOREIGN.secondVisit } }],
      ['a roster row in another branch\'s party group', 'secretary', { table: 'members', op: 'upsert', id: randomUUID(), row: { org_id: ORG_ID, branch_id: BRANCH.first, name: '新党员', group_id: GROUP.second } }],
      ['a roster row in another organisation\'s unit', 'secretary', { table: 'members', op: 'upsert', id: randomUUID(), row: { org_id: ORG_ID, branch_id: BRANCH.first, name: '新党员', unit_id: FOREIGN.unit } }],
      ['a group meeting of another branch\'s party group', 'organizer', { table: 'events', op: 'upsert', id: randomUUID(), row: { org_id: ORG_ID, branch_id: BRANCH.first, kind: 'group_meeting', audience: 'group', title: '党小组会', starts_at: '2026-05-01T01:00:00Z', group_id: GROUP.second } }],
      ['a branch under another organisation\'s unit', 'admin', { table: 'branches', op: 'upsert', id: randomUUID(), row: { org_id: ORG_ID, name: '新支部', unit_id: FOREIGN.unit } }],
      ['a check-in secret for another branch\'s meeting', 'secretary', { table: 'event_checkin_secrets', op: 'upsert', id: EVENT.secondGeneralMeeting, row: { org_id: ORG_ID, branch_id: BRANCH.first, event_id: EVENT.secondGeneralMeeting, secret: 'ab'.repeat(32) } }],
      ['a visit with another branch\'s member among its participants', 'organizer', { table: 'visits', op: 'upsert', id: randomUUID(), row: { org_id: ORG_ID, branch_id: BRANCH.first, kind: 'poverty', visited_on: '2026-05-01', participant_ids: [MEMBER.member, MEMBER.member2] } }],
    ]
    for (const [what, actor, op] of refs) {
      it(`refuses ${what}`, async () => {
        const { results } = await push(actor, [op])
        expect(results[0]).toMatchObject({ status: 'rejected', code: 'missing_reference' })
        expect(results[0]!.message).toMatch(/^引用的记录不存在或已被删除/)
      })
    }

    it('accepts a visit whose participants are all on the branch roster', async () => {
      const { results } = await push('organizer', [{ table: 'visits', op: 'upsert', id: randomUUID(), row: { org_id: ORG_ID, branch_id: BRANCH.first, kind: 'poverty', visited_on: '2026-05-01', participant_ids: [MEMBER.member, MEMBER.yangFan] } }])
      expect(results[0]!.status).toBe('applied')
    })

    const pairs: [string, ActorName, (ref: string) => Op, string][] = [
      ['campaign', 'member', (ref) => ({ table: 'donations', op: 'upsert', id: randomUUID(), row: { ...own, campaign_id: ref, amount_fen: 100, donated_on: '2026-05-01' } }), FOREIGN.campaign],
      ['pledge template', 'member', (ref) => ({ table: 'pledge_signatures', op: 'upsert', id: randomUUID(), row: { ...own, template_id: ref, signer_name: '李晓梅', signed_text_sha256: FOREIGN_HASH, strokes: STROKES, signed_at: '2026-05-01T00:00:00Z' } }), FOREIGN.template],
      ['blood drive', 'member', (ref) => ({ table: 'blood_donations', op: 'upsert', id: randomUUID(), row: { ...own, event_id: ref, volume_ml: 200, donated_on: '2026-05-01' } }), EVENT.secondGeneralMeeting],
      ['visit participant', 'organizer', (ref) => ({ table: 'visits', op: 'upsert', id: randomUUID(), row: { org_id: ORG_ID, branch_id: BRANCH.first, kind: 'poverty', visited_on: '2026-05-01', participant_ids: [ref] } }), MEMBER.member2],
      ['row to change', 'member', (ref) => ({ table: 'donations', op: 'update', id: ref, row: { amount_fen: 1 } }), '1a000000-0000-4000-8000-000000000020'],
    ]
    for (const [what, actor, make, invisible] of pairs) {
      it(`answers an unknown and an invisible ${what} alike`, async () => {
        const [unknown, hidden] = (await push(actor, [make(randomUUID()), make(invisible)])).results.map(({ tx_id: _t, ...rest }) => rest)
        expect(hidden).toEqual(unknown)
        expect(unknown!.status).toBe('rejected')
      })
    }
  })

  describe('answers name no database internals', () => {
    it('words every refusal by code, without constraint names, keys or table names', async () => {
      const { results } = await push('member', [
        { table: 'donations', op: 'upsert', id: randomUUID(), row: { ...own, campaign_id: randomUUID(), amount_fen: 100, donated_on: '2026-05-01' } },
        { table: 'donations', op: 'upsert', id: randomUUID(), row: { ...own, campaign_id: CAMPAIGN, amount_fen: -5, donated_on: '2026-05-01' } },
        { table: 'donations', op: 'upsert', id: randomUUID(), row: { ...own, campaign_id: CAMPAIGN, amount_fen: '一百', donated_on: '2026-05-01' } },
        { table: 'donations', op: 'upsert', id: randomUUID(), row: { ...own, campaign_id: CAMPAIGN, donated_on: '2026-05-01' } },
        { table: 'donations', op: 'upsert', id: randomUUID(), row: { ...own, member_id: MEMBER.yangFan, campaign_id: CAMPAIGN, amount_fen: 100, donated_on: '2026-05-01' } },
        { table: 'study_logs', op: 'upsert', id: STUDY_LOG.organizer, row: { ...own, studied_on: '2026-05-01', minutes: 30, topic: '党章' } },
        { table: 'pledge_signatures', op: 'upsert', id: SIGNATURE_SECRETARY, row: { ...own, template_id: PLEDGE_TEMPLATE.personal2026, signer_name: '李晓梅', signed_text_sha256: 'a'.repeat(64), strokes: STROKES, signed_at: '2026-05-01T00:00:00Z' } },
        { table: 'nonexistent', op: 'upsert', id: randomUUID(), row: {} },
      ])
      expect(results.map((r) => r.code)).toEqual(['missing_reference', 'invalid_value', 'invalid_value', 'missing_value', 'forbidden', 'forbidden', 'duplicate', 'unknown_table'])
      for (const r of results) {
        expect(Object.keys(r).sort()).toEqual(['code', 'message', 'op_index', 'rule', 'status', 'tx_id'])
        expect(r.message).toMatch(/[一-龥]/)
        expect(JSON.stringify(r)).not.toMatch(/constraint|Key \(|table "|violates|_fkey|_pkey|_check|_key\b|_deleted|policy|relation/i)
      }
    })

    it('passes on a domain rule\'s own Chinese message only for the SQLSTATEs our functions raise', async () => {
      const reject = async (state: string, text: string) =>
        (await sql.query<{ r: Record<string, string> }>(`select app_private.sync_rejection($1, 'attendance', null, null, $2) as r`, [state, text])).rows[0]!.r
      expect(await reject('22023', '只能核实待核实的签到')).toEqual({ code: 'refused_22023', message: '只能核实待核实的签到', rule: true })
      expect(await reject('P0001', '该名册记录已绑定其他账号')).toEqual({ code: 'refused_p0001', message: '该名册记录已绑定其他账号', rule: true })
      expect(await reject('ZBKIN', '签到码无效')).toEqual({ code: 'refused_zbkin', message: '签到码无效', rule: true })
      expect(await reject('22P02', 'invalid input syntax for type integer: "一百"')).toEqual({ code: 'invalid_value', message: '数据格式不正确', rule: false })
      expect(await reject('23514', '违反约束 "attendance_status_check"')).toEqual({ code: 'invalid_value', message: '数据不符合要求', rule: false })
      expect(await reject('42501', '不能修改自己的角色')).toEqual({ code: 'forbidden', message: '不能修改自己的角色', rule: true })
      expect(await reject('42501', 'new row violates row-level security policy for table "attendance"')).toEqual({ code: 'forbidden', message: '没有权限：这条记录不在你可以修改的范围内', rule: false })
    })
  })

  describe('facts of a pledge signature', () => {
    const signature = (row: Record<string, unknown>) => ({ table: 'pledge_signatures', op: 'upsert', id: randomUUID(), row: { ...own, template_id: PLEDGE_TEMPLATE.personal2026, signer_name: '李晓梅', strokes: STROKES, signed_at: '2026-05-01T00:00:00Z', ...row } })
    let hash: string
    beforeAll(async () => {
      const { rows } = await sql.query<{ body: string }>('select body from public.pledge_templates where id = $1', [PLEDGE_TEMPLATE.personal2026])
      hash = sha256(rows[0]!.body)
    })

    it('stores the roster name and the server\'s time, whatever the phone sent', async () => {
      const op = signature({ signed_text_sha256: hash, signer_name: '杨帆', signed_at: '2001-01-01T00:00:00Z' })
      const { results, after } = await push('member', [op], async (tx) =>
        (await tx.query<{ signer_name: string; now: boolean }>('select signer_name, signed_at = now() as now from public.pledge_signatures where id = $1', [op.id])).rows[0])
      expect(results[0]!.status).toBe('applied')
      expect(after).toEqual({ signer_name: '李晓梅', now: true })
    })

    it('refuses strokes that draw nothing: none, an empty stroke, two points', async () => {
      const { results } = await push('member', [
        signature({ signed_text_sha256: hash, strokes: [] }),
        signature({ signed_text_sha256: hash, strokes: [[]] }),
        signature({ signed_text_sha256: hash, strokes: [[{ x: 0, y: 0, t: 0 }], [{ x: 0.2, y: 0.1, t: 40 }]] }),
      ])
      expect(results.map((r) => [r.code, r.message])).toEqual(Array(3).fill(['invalid_value', '数据不符合要求：字段“strokes”的值不被接受']))
    })

    it('never lets a signed pledge change, even where a later grant would allow an update', async () => {
      await sql.exec('begin')
      try {
        await sql.exec(`grant update on public.pledge_signatures to authenticated;
          create policy pledge_signatures_probe on public.pledge_signatures for update to authenticated using (true)`)
        for (const change of [`signer_name = '王建国'`, `signed_at = '2001-01-01'`, `strokes = '[[[1,1,0],[2,2,1],[3,3,2]]]'`]) {
          const error = await expectError(() => runAs(sql, ACTORS.admin, (tx) => tx.query(`update public.pledge_signatures set ${change} where id = $1`, [SIGNATURE_SECRETARY]), { nested: true }))
          expect([error.code, error.message]).toEqual(['42501', '已签署的承诺书不能修改'])
        }
      } finally {
        await sql.exec('rollback')
      }
    })
  })

  describe('tombstones', () => {
    it('clear a deleted study log\'s topic, note, source and minutes and keep its keys', async () => {
      const { results, after } = await push('member', [{ table: 'study_logs', op: 'delete', id: STUDY_LOG.member }], async (tx) =>
        (await tx.query('select id, org_id, branch_id, member_id, topic, note, source, minutes, studied_on::text, _deleted from public.study_logs where id = $1', [STUDY_LOG.member])).rows[0])
      expect(results[0]!.status).toBe('applied')
      expect(after).toEqual({ id: STUDY_LOG.member, org_id: ORG_ID, branch_id: BRANCH.first, member_id: MEMBER.member, topic: '', note: null, source: null, minutes: 0, studied_on: '1970-01-01', _deleted: true })
    })

    it('clear a withdrawn leave request\'s reason, which the member may still delete', async () => {
      const id = randomUUID()
      const { results, after } = await pushTxs('member', [
        txOf([{ table: 'attendance', op: 'upsert', id, row: { ...own, event_id: FOREIGN.ownEvent, status: 'leave', leave_status: 'pending', leave_reason: '家中有事' } }]),
        txOf([{ table: 'attendance', op: 'delete', id }]),
      ], { then: async (tx) => (await tx.query('select status, leave_status, leave_reason, _deleted from public.attendance where id = $1', [id])).rows[0] })
      expect(results.map((r) => r.status)).toEqual(['applied', 'applied'])
      expect(after).toEqual({ status: 'leave', leave_status: 'pending', leave_reason: null, _deleted: true })
    })

    it('reach a device cleared, through sync_pull', async () => {
      const id = randomUUID()
      const write = { table: 'study_logs', op: 'upsert', id, row: { ...own, studied_on: '2026-05-02', minutes: 20, topic: '个人事项', note: '不宜公开的心得' } }
      await pushTxs('member', [txOf([write])], { commit: true })
      await pushTxs('member', [txOf([{ table: 'study_logs', op: 'delete', id }])], { commit: true })
      const pulled = await runAs(sql, ACTORS.member, async (tx) => {
        const { rows } = await tx.query<{ r: { tables: { study_logs: { rows: Record<string, unknown>[] } } } }>(`select public.sync_pull('{"study_logs": {"xid": "0", "id": null}}'::jsonb, 1, 10000) as r`)
        return rows[0]!.r.tables.study_logs.rows.find((r) => r.id === id)
      })
      expect(pulled).toMatchObject({ _deleted: true, topic: '', note: null, source: null, minutes: 0 })
    })

    it('of every synced table pass its constraints and keep no cleared column', async () => {
      const { rows: tables } = await sql.query<{ table_name: string }>(`select table_name from app_private.sync_table_list() where table_name <> 'user_roles'`)
      const problems: string[] = []
      await sql.exec('begin')
      try {
        for (const { table_name: table } of tables) {
          await sql.exec('savepoint t')
          try {
            const { rows: patch } = await sql.query<{ p: Record<string, unknown> }>(`select app_private.tombstone_patch($1::regclass) as p`, [`public.${table}`])
            const { rows } = await sql.query<{ row: Record<string, unknown> }>(
              `update public.${table} set _deleted = true where id = (select id from public.${table} where not _deleted order by id limit 1) returning to_jsonb(${table}.*) as row`)
            if (rows.length === 0) continue
            for (const [column, value] of Object.entries(patch[0]!.p)) {
              const got = rows[0]!.row[column]
              const same = JSON.stringify(got) === JSON.stringify(value) || (typeof got === 'string' && typeof value === 'string' && got.startsWith(value))
              if (!same) problems.push(`${table}.${column}: ${JSON.stringify(got)}`)
            }
          } catch (error) {
            problems.push(`${table}: ${(error as Error).message}`)
          } finally {
            await sql.exec('rollback to savepoint t')
          }
        }
      } finally {
        await sql.exec('rollback')
      }
      expect(problems).toEqual([])
      expect(tables.length).toBeGreaterThanOrEqual(18)
    })

    it('are cleared by a trigger on every synced table but roles', async () => {
      const { rows } = await sql.query<{ table_name: string }>(
        `select s.table_name from app_private.sync_table_list() s
         where s.table_name <> 'user_roles' and not exists (
           select 1 from pg_trigger g where g.tgrelid = ('public.' || s.table_name)::regclass and g.tgname = 'zz_clear_tombstone')`)
      expect(rows).toEqual([])
    })
  })
}
