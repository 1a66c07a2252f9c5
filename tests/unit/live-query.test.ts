import { effectScope, nextTick, shallowRef } from 'vue'
import { afterEach, describe, expect, test } from 'vitest'
import { useLiveQuery } from '@/composables/useLiveQuery'
import { createRepositories } from '@/data/repositories'
import { BRANCH, ME, ORG, freshDb, until } from './member-support'

const scopes: ReturnType<typeof effectScope>[] = []
afterEach(() => scopes.splice(0).forEach((s) => s.stop()))

function inScope<T>(fn: () => T): T {
  const scope = effectScope()
  scopes.push(scope)
  return scope.run(fn)!
}

const log = (id: string, minutes: number, branch = BRANCH) => ({ id, org_id: ORG, branch_id: branch, member_id: ME, studied_on: '2026-03-01', minutes, topic: '党章', _ver: 1 })

describe('useLiveQuery', () => {
  test('should follow the database as it changes', async () => {
    const db = freshDb()
    const repos = createRepositories({ db })
    const { data, ready } = inScope(() => useLiveQuery(() => () => repos.studyLogs.ofBranch(BRANCH), { rows: [], invalid: [] }))
    await until(() => expect(ready.value).toBe(true))
    expect(data.value.rows).toEqual([])
    await db.data('study_logs').put(log('s1', 30))
    await until(() => expect(data.value.rows.map((r) => r.minutes)).toEqual([30]))
  })

  test('should report a failed read instead of dropping it', async () => {
    const { data, ready, error } = inScope(() => useLiveQuery(() => () => Promise.reject(new Error('IndexedDB is closed')), 'initial'))
    await until(() => expect(ready.value).toBe(true))
    expect((error.value as Error).message).toBe('IndexedDB is closed')
    expect(data.value).toBe('initial')
  })

  test('should read again when its input changes, and nothing without one', async () => {
    const db = freshDb()
    const repos = createRepositories({ db })
    await db.data('study_logs').bulkPut([log('s1', 30), log('s2', 45, 'other-branch')])
    const branch = shallowRef<string | null>(BRANCH)
    const { data } = inScope(() => useLiveQuery(() => {
      const b = branch.value
      return b ? () => repos.studyLogs.ofBranch(b) : null
    }, { rows: [], invalid: [] }))
    await until(() => expect(data.value.rows.map((r) => r.id)).toEqual(['s1']))
    branch.value = 'other-branch'
    await until(() => expect(data.value.rows.map((r) => r.id)).toEqual(['s2']))
    branch.value = null
    await nextTick()
    expect(data.value.rows).toEqual([])
  })

  test('should stop reading when its scope is disposed', async () => {
    const db = freshDb()
    const repos = createRepositories({ db })
    let reads = 0
    const scope = effectScope()
    const { ready } = scope.run(() => useLiveQuery(() => () => (reads++, repos.studyLogs.ofBranch(BRANCH)), { rows: [], invalid: [] }))!
    await until(() => expect(ready.value).toBe(true))
    scope.stop()
    const before = reads
    await db.data('study_logs').put(log('s1', 30))
    await db.data('study_logs').put(log('s2', 40))
    expect(await db.data('study_logs').count()).toBe(2)
    expect(reads).toBe(before)
  })
})
