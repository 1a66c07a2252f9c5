import { describe, expect, test } from 'vitest'
import { attendanceRowId, isUuid, uuidv7, uuidv7Time } from '@/domain/syncIds'
import { backoffDelay, classifyHttpFailure, compareXid, outcomeOf, rolesChanged, rowInScope } from '@/domain/syncProtocol'
import { canForce, checkField, describeOp, describeOpParts, editableFields, parseField } from '@/domain/syncDescribe'

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
  test('should describe a rejected change and offer only plain fields for correction', () => {
    const op = { table: 'study_logs', op: 'upsert' as const, id: 'i', row: { id: 'i', org_id: 'o', member_id: 'm', topic: '党章', minutes: 5000, _ver: 2 } }
    expect(describeOp(op)).toBe('新建或修改 学习记录：党章')
    expect(describeOp({ table: 'donations', op: 'delete', id: 'i' })).toBe('删除 捐款')
    expect(describeOpParts(op)).toEqual({ op: 'upsert', table: 'study_logs', name: '党章' })
    expect(editableFields(op)).toEqual(['topic', 'minutes'])
    expect(parseField(5000, '45')).toBe(45)
    expect(parseField(5000, '４５')).toBe(45)
    expect(parseField('a', 'b')).toBe('b')
  })
  test('should never change a number typed back into a rejected change', () => {
    expect(checkField(5000, '1e12')).toEqual({ ok: false, code: 'number.exponent', params: {} })
    expect(checkField(5000, '−200')).toEqual({ ok: false, code: 'number.negative', params: {} })
    expect(checkField(5000, '1.5')).toEqual({ ok: false, code: 'number.decimal', params: {} })
    expect(checkField(5000, '')).toEqual({ ok: false, code: 'number.empty', params: {} })
    expect(parseField(5000, '1e12')).toBe('1e12')
    expect(parseField(5000, '1.5')).toBe('1.5')
    expect(checkField(true, 'false')).toEqual({ ok: true, value: false })
    expect(checkField(null, '')).toEqual({ ok: true, value: null })
    expect(canForce('conflict_checked_in')).toBe(true)
    expect(canForce('forbidden')).toBe(false)
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
