import { describe, expect, test } from 'vitest'
import { attendanceRowId, isUuid, uuidv7, uuidv7Time } from '@/domain/syncIds'
import { backoffDelay, classifyHttpFailure, compareXid, outcomeOf, rolesChanged, rowInScope, wideTablesChanged } from '@/domain/syncProtocol'
import { canForce, describeOpParts, REFUSAL_CODES, REFUSED_FIELDS, refusalReason, refusedFields, refusedForm, refusedRecord } from '@/domain/syncDescribe'
import { TOO_LARGE_CODE } from '@/data/sync/engine'
import type { SyncOp } from '@/domain/syncProtocol'
import { SYNCED_TABLES } from '@/domain/syncTables'
import zhCN from '@/i18n/zh-CN'
import en from '@/i18n/en'

describe('uuidv7', () => {
  test('should be a version-7 UUID carrying the time it was made', () => {
    const id = uuidv7(1_764_000_000_000)
    expect(isUuid(id)).toBe(true)
    expect(id[14]).toBe('7')
    expect('89ab').toContain(id[19]!)
    expect(uuidv7Time(id)).toBe(1_764_000_000_000)
  })

  test('should keep increasing within one millisecond', () => {
    const ids = Array.from({ length: 500 }, () => uuidv7(1_764_000_000_001))
    expect([...ids].sort()).toEqual(ids)
    expect(new Set(ids).size).toBe(500)
  })
})

describe('attendanceRowId', () => {
  const e = '01a20bb2-95b7-70a9-b6a0-38ee1a00a4ba'
  const m = '15000000-0000-4000-8000-000000000003'
  test('should give every device the same id for one member at one event', () => {
    expect(attendanceRowId(e, m)).toBe(attendanceRowId(e, m))
    expect(isUuid(attendanceRowId(e, m))).toBe(true)
  })
  test('should differ between members and between events', () => {
    expect(attendanceRowId(e, m)).not.toBe(attendanceRowId(e, '15000000-0000-4000-8000-000000000004'))
    expect(attendanceRowId(e, m)).not.toBe(attendanceRowId(m, e))
  })
})

describe('backoff', () => {
  test('should grow exponentially, stay within half and all of the ceiling, and stop at the cap', () => {
    expect(backoffDelay(1, () => 0)).toBe(500)
    expect(backoffDelay(1, () => 1)).toBe(1000)
    expect(backoffDelay(4, () => 0)).toBe(4000)
    expect(backoffDelay(40, () => 1)).toBe(300_000)
  })
  test('should retry network errors, 401, 408, 429 and 5xx, and nothing else', () => {
    expect(classifyHttpFailure(0)).toBe('network')
    expect(classifyHttpFailure(401)).toBe('auth')
    for (const s of [408, 429, 500, 502, 503]) expect(classifyHttpFailure(s)).toBe('transient')
    for (const s of [400, 403, 404, 409]) expect(classifyHttpFailure(s)).toBe('client')
  })
})

describe('protocol helpers', () => {
  test('should treat a duplicate as the outcome it duplicates', () => {
    expect(outcomeOf({ tx_id: 'a', status: 'duplicate', original_status: 'applied' })).toBe('applied')
    expect(outcomeOf({ tx_id: 'a', status: 'duplicate', original_status: 'rejected' })).toBe('rejected')
    expect(outcomeOf({ tx_id: 'a', status: 'rejected' })).toBe('rejected')
  })
  test('should compare xid8 text numerically', () => {
    expect(compareXid('9', '10')).toBe(-1)
    expect(compareXid('100', '100')).toBe(0)
    expect(compareXid('18446744073709551615', '2')).toBe(1)
  })
  test('should keep rows of the scope and drop others', () => {
    const scopes = { org_id: 'o', branch_ids: ['b1'] }
    expect(rowInScope({ org_id: 'o', branch_id: 'b1' }, scopes)).toBe(true)
    expect(rowInScope({ org_id: 'o' }, scopes)).toBe(true)
    expect(rowInScope({ org_id: 'o', branch_id: null }, scopes)).toBe(true)
    expect(rowInScope({ org_id: 'o', branch_id: 'b2' }, scopes)).toBe(false)
    expect(rowInScope({ org_id: 'x', branch_id: 'b1' }, scopes)).toBe(false)
  })
  test('should keep any branch\'s row of a table pulled organisation-wide, of the scope\'s organisation only', () => {
    const scopes = { org_id: 'o', branch_ids: ['b1'], wide_tables: ['members'] }
    expect(rowInScope({ org_id: 'o', branch_id: 'b2' }, scopes, 'members')).toBe(true)
    expect(rowInScope({ org_id: 'x', branch_id: 'b2' }, scopes, 'members')).toBe(false)
    expect(rowInScope({ org_id: 'o', branch_id: 'b2' }, scopes, 'study_logs')).toBe(false)
    expect(rowInScope({ org_id: 'o', branch_id: 'b2' }, scopes)).toBe(false)
    expect(rowInScope({ org_id: 'o', branch_id: 'b2' }, { org_id: null, branch_ids: [], wide_tables: ['members'] }, 'members')).toBe(false)
  })
  test('should see the admin role granted or revoked as a change of the tables pulled organisation-wide', () => {
    const member = { org_id: 'o', branch_ids: ['b1'], wide_tables: [] }
    const admin = { ...member, wide_tables: ['member_details', 'members'] }
    expect(wideTablesChanged(member, admin)).toBe(true)
    expect(wideTablesChanged(admin, member)).toBe(true)
    expect(wideTablesChanged(admin, { ...admin, wide_tables: ['members', 'member_details'] })).toBe(false)
    expect(wideTablesChanged(undefined, admin)).toBe(false)
    // A scope stored before servers sent the list: an admin's phone starts over once, nobody else's.
    expect(wideTablesChanged({ org_id: 'o', branch_ids: ['b1'] }, admin)).toBe(true)
    expect(wideTablesChanged({ org_id: 'o', branch_ids: ['b1'] }, member)).toBe(false)
    expect(rolesChanged({ ...member, roles: ['member:b1'] }, { ...member, roles: ['admin:o', 'member:b1'] })).toBe(true)
  })
  test('should offer a deliberate override only for a conflict', () => {
    expect(canForce('conflict_checked_in')).toBe(true)
    expect(canForce('forbidden')).toBe(false)
  })
})

type Wrapped = { options?: string[]; unwrap?: () => Wrapped }

describe('a refused change, as people read it', () => {
  const studyOp = { table: 'study_logs', op: 'upsert' as const, id: 'i', row: { id: 'i', org_id: 'o', member_id: 'm', topic: '党章', minutes: 5000, _ver: 2 } }

  test("should name the record by its own title, topic or name", () => {
    expect(describeOpParts(studyOp)).toEqual({ op: 'upsert', table: 'study_logs', name: '党章' })
    expect(describeOpParts({ table: 'donations', op: 'delete', id: 'i' })).toEqual({ op: 'delete', table: 'donations', name: null })
  })

  test('should show the fields of the record in form order, never ids, ownership or the check-in token', () => {
    const op = { table: 'attendance', op: 'upsert' as const, id: 'a', row: { id: 'a', org_id: 'o', branch_id: 'b', event_id: 'e', member_id: 'm', status: 'present', method: 'qr', checked_in_at: '2026-03-10T07:05:00Z', checkin_token: 'ABC234' } }
    expect(refusedFields(op, refusedRecord(op, null)).map((f) => f.column)).toEqual(['status', 'method', 'checked_in_at'])
  })

  test('should show an edit on top of the stored record and mark what it changed', () => {
    const op = { table: 'study_logs', op: 'update' as const, id: 'i', row: { minutes: 5000 }, base_ver: 3 }
    const current = { id: 'i', org_id: 'o', member_id: 'm', studied_on: '2026-03-09', minutes: 30, topic: '党章', _ver: 3 }
    expect(refusedFields(op, refusedRecord(op, current))).toEqual([
      { column: 'studied_on', format: 'date', value: '2026-03-09', changed: false },
      { column: 'minutes', format: 'number', value: 5000, changed: true },
      { column: 'topic', format: 'text', value: '党章', changed: false },
    ])
    expect(refusedRecord({ table: 'study_logs', op: 'delete', id: 'i' }, current)).toBeNull()
  })

  test('should have a label for every field shown and a word for every value of a listed column, in both languages', () => {
    for (const catalogue of [zhCN, en]) {
      for (const [table, columns] of Object.entries(REFUSED_FIELDS)) {
        const labels = (catalogue.syncColumns as Record<string, Record<string, string>>)[table]
        expect(labels, table).toBeDefined()
        for (const [column, format] of Object.entries(columns)) {
          expect(labels![column], `${table}.${column}`).toBeTruthy()
          expect(Object.keys((SYNCED_TABLES[table as keyof typeof SYNCED_TABLES].row as unknown as { shape: object }).shape), `${table}.${column} is a column`).toContain(column)
          if (format !== 'enum') continue
          // The column's enum, under its optional/nullable wrappers.
          let schema = (SYNCED_TABLES[table as keyof typeof SYNCED_TABLES].row as unknown as { shape: Record<string, Wrapped> }).shape[column]
          while (schema && !schema.options && schema.unwrap) schema = schema.unwrap()
          const options = schema?.options
          expect(options, `${table}.${column} values`).toBeDefined()
          const words = (catalogue.syncValues as Record<string, Record<string, Record<string, string>>>)[table]?.[column] ?? {}
          for (const option of options!) expect(words[option], `${table}.${column}.${option}`).toBeTruthy()
        }
      }
    }
  })

  test("should word the server's refusals by code and name the columns it gave", () => {
    expect(refusalReason({ code: 'invalid_value', message: '数据不符合要求：字段“minutes”的值不被接受', detail: 'new row violates check constraint' }))
      .toEqual({ code: 'invalid_value', columns: ['minutes'], checkin: null, serverText: null, advice: 'fix' })
    expect(refusalReason({ code: 'duplicate', message: '与已有记录重复（event_id、member_id）', detail: 'x' }).columns).toEqual(['event_id', 'member_id'])
    expect(refusalReason({ code: 'missing_value', message: '缺少必填内容', detail: 'x' }).columns).toEqual([])
    expect(refusalReason({ code: 'conflict_checked_in', message: '该党员已签到', detail: 'x' }).advice).toBe('force')
    expect(refusalReason({ code: 'out_of_scope', message: '你已不在该支部' }).advice).toBe('rejoin')
    expect(refusalReason({ code: 'already_deleted', message: '这条记录已被他人删除', detail: 'x' }).advice).toBe('discard')
  })

  test('should word a change too large to send as one to discard, in both languages, as every refusal code is', () => {
    const refusal = { tx_id: 't', status: 'rejected', code: TOO_LARGE_CODE, message: '这项修改的内容过大，服务器无法接收，无法同步' }
    expect(refusalReason(refusal)).toEqual({ code: 'request_too_large', columns: [], checkin: null, serverText: null, advice: 'discard' })
    for (const catalogue of [zhCN, en]) {
      const reasons: Record<string, string> = catalogue.syncRejected.reasons
      for (const code of REFUSAL_CODES) expect(reasons[code], code).toBeTruthy()
    }
    expect(zhCN.syncRejected.reasons.request_too_large).toContain('过大')
  })

  test("should pass on a domain rule's own message, and recognise the check-in refusals", () => {
    expect(refusalReason({ code: 'refused_p0001', message: '请假已审批，不能修改' })).toMatchObject({ code: 'refused', serverText: '请假已审批，不能修改', checkin: null })
    expect(refusalReason({ code: 'forbidden', message: '不能修改自己的角色' })).toMatchObject({ code: 'forbidden', serverText: '不能修改自己的角色' })
    expect(refusalReason({ code: 'forbidden', message: '没有权限：这条记录不在你可以修改的范围内', detail: 'new row violates row-level security policy' }).serverText).toBeNull()
    // The server marks a rule's own words; its generic refusal (no detail any more) is worded by the app.
    expect(refusalReason({ code: 'forbidden', message: '不能修改自己的角色', rule: true }).serverText).toBe('不能修改自己的角色')
    expect(refusalReason({ code: 'forbidden', message: '没有权限：这条记录不在你可以修改的范围内', rule: false }).serverText).toBeNull()
    expect(refusalReason({ code: 'too_many_operations', message: '一次提交的操作过多', rule: false })).toMatchObject({ code: 'too_many_operations', serverText: null, advice: 'update' })
    expect(refusalReason({ code: 'refused_p0001', message: '签到码已过期，请扫描签到屏幕上的最新二维码' })).toMatchObject({ checkin: 'expired', serverText: null })
    expect(refusalReason({ code: 'something_new', message: '新的原因' })).toMatchObject({ code: 'unknown', serverText: '新的原因' })
  })

  test("should open the record's own form only for one record a member writes with a form", () => {
    const one = (op: SyncOp) => ({ ops: [op] })
    expect(refusedForm(one(studyOp), refusedRecord(studyOp, null), 'm')).toBe('study')
    expect(refusedForm({ ops: [studyOp, studyOp] }, refusedRecord(studyOp, null), 'm')).toBeNull()
    expect(refusedForm(one({ table: 'study_logs', op: 'delete', id: 'i' }), null, 'm')).toBeNull()
    const leave = { table: 'attendance', op: 'upsert' as const, id: 'a', row: { id: 'a', event_id: 'e', member_id: 'm', status: 'leave', leave_status: 'pending', leave_reason: '出差' } }
    expect(refusedForm(one(leave), refusedRecord(leave, null), 'm')).toBe('leave')
    expect(refusedForm(one(leave), refusedRecord(leave, null), 'someone else')).toBeNull()
    const checkin = { ...leave, row: { ...leave.row, status: 'present', leave_status: null } }
    expect(refusedForm(one(checkin), refusedRecord(checkin, null), 'm')).toBeNull()
    const events = { table: 'events', op: 'upsert' as const, id: 'e', row: { id: 'e', title: '支委会' } }
    expect(refusedForm(one(events), refusedRecord(events, null), 'm')).toBeNull()
  })
})

describe('rolesChanged', () => {
  const scopes = (roles?: string[]) => ({ org_id: 'org', branch_ids: ['b1'], ...(roles ? { roles } : {}) })

  test('sees a role gained or lost inside the same branches', () => {
    expect(rolesChanged(scopes(['member:b1']), scopes(['member:b1', 'organizer:b1']))).toBe(true)
    expect(rolesChanged(scopes(['member:b1', 'organizer:b1']), scopes(['member:b1']))).toBe(true)
  })

  test('does not restart for the same roles, or when either side predates role lists', () => {
    expect(rolesChanged(scopes(['member:b1']), scopes(['member:b1']))).toBe(false)
    expect(rolesChanged(undefined, scopes(['member:b1']))).toBe(false)
    expect(rolesChanged(scopes(), scopes(['member:b1']))).toBe(false)
  })
})
