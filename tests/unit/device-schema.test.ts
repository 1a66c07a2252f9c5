import Dexie from 'dexie'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { DB_VERSION, ZhibuDb } from '@/data/db'
import { SYNCED_TABLES } from '@/domain/syncTables'

const NAME = 'device-schema-test'

afterEach(async () => {
  vi.restoreAllMocks()
  await Dexie.delete(NAME)
})

/** The database as version 2 of the app left it on a phone (released: the upgrade starts here). */
function releasedVersion2(): Dexie {
  const old = new Dexie(NAME)
  old.version(1).stores({ _outbox: '++seq, tx_id', _meta: 'key' })
  old.version(2).stores({
    _outbox: '++seq, tx_id, *rows', _meta: 'key', _rejected: '++id, tx_id, rejected_at', _cursors: 'table', _base: 'key, table',
    orgs: 'id', units: 'id, org_id', branches: 'id, org_id, unit_id', branch_invites: 'id, branch_id', party_groups: 'id, branch_id',
    members: 'id, branch_id, user_id, group_id, [branch_id+status]', user_roles: 'id, user_id, branch_id',
    events: 'id, branch_id, kind, starts_at, [branch_id+starts_at]', attendance: 'id, branch_id, event_id, member_id, [event_id+member_id]',
    donation_campaigns: 'id, org_id, year', donations: 'id, branch_id, campaign_id, member_id', blood_donations: 'id, branch_id, event_id, member_id',
    pledge_templates: 'id, org_id, [org_id+year]', pledge_signatures: 'id, branch_id, template_id, member_id, unit_id',
    visits: 'id, branch_id, visited_on', study_logs: 'id, branch_id, [member_id+studied_on]', event_checkin_secrets: 'id, branch_id',
    sync_overwrites: 'id, branch_id, [table_name+row_id]',
  })
  return old
}

describe('the device database schema', () => {
  test('has one store per synced table of the registry, with the registry\'s indexes', async () => {
    const db = new ZhibuDb(NAME)
    await db.open()
    const data = db.tables.filter((t) => !t.name.startsWith('_'))
    expect(data.map((t) => t.name).sort()).toEqual(Object.keys(SYNCED_TABLES).sort())
    for (const table of data) {
      const spec = SYNCED_TABLES[table.name as keyof typeof SYNCED_TABLES].indexes.split(',').map((s) => s.trim())
      expect([table.schema.primKey.src, ...table.schema.indexes.map((i) => i.src)].sort()).toEqual(spec.sort())
    }
    db.close()
  })

  test('a phone on version 2 upgrades in place: rows, queued changes and cursors survive, visit_participants appears', async () => {
    const old = releasedVersion2()
    await old.table('study_logs').put({ id: 's1', org_id: 'o', branch_id: 'b', member_id: 'm', studied_on: '2026-03-01', minutes: 30, topic: '党章', _ver: 4 })
    await old.table('_outbox').add({ tx_id: 't1', created_at: '2026-03-01T00:00:00Z', ops: [{ table: 'study_logs', op: 'update', id: 's1', row: { minutes: 30 } }], rows: ['study_logs:s1'] })
    await old.table('_cursors').put({ table: 'study_logs', xid: '812', id: null })
    old.close()
    const warn = vi.spyOn(console, 'warn')

    const db = new ZhibuDb(NAME)
    await db.open()
    expect(db.verno).toBe(DB_VERSION)
    expect(await db.data('study_logs').get('s1')).toMatchObject({ minutes: 30, _ver: 4 })
    expect(await db._outbox.where('rows').equals('study_logs:s1').count()).toBe(1)
    expect(await db._cursors.get('study_logs')).toMatchObject({ xid: '812' })
    await db.data('visit_participants').put({ id: 'vp1', org_id: 'o', branch_id: 'b', visit_id: 'v1', member_id: 'm' })
    expect(await db.data('visit_participants').where('member_id').equals('m').count()).toBe(1)
    // A schema changed without a new version number makes Dexie patch the database and warn.
    expect(warn).not.toHaveBeenCalled()
    db.close()
  })
})
