/**
 * Negative controls: loosen one policy (or grant) at a time inside a rolled-back transaction and
 * check that the matrix notices. A matrix that still passes with a hole in it proves nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDb, type TestDb } from '../helpers/pglite'
import { TABLES, runRow, type Operation } from './matrix'

let db: TestDb

beforeAll(async () => {
  db = await createTestDb()
})
afterAll(() => db?.close())

interface Control {
  table: string
  op: Operation
  /** SQL that opens the hole (run as the superuser inside the transaction). */
  loosen: string
}

const permissive = (table: string, policy: string, command: 'select' | 'insert' | 'update') => {
  const clause = command === 'select' ? 'using (true)' : command === 'insert' ? 'with check (true)' : 'using (true) with check (true)'
  return `drop policy ${policy} on public.${table};
          create policy ${policy} on public.${table} for ${command} to authenticated ${clause}`
}

// At least one control per distinct policy shape: org-wide reference, admin-only write,
// secretary-only, roster, own-rows-or-role, own-only, member self-service with conditions, roles.
// (Org-wide SELECT policies cannot be caught by the one-organisation matrix: every actor belongs to
// the demo organisation. Isolation between organisations is tested in escalation.test.ts.)
const CONTROLS: Control[] = [
  { table: 'orgs', op: 'update', loosen: permissive('orgs', 'orgs_update', 'update') },
  { table: 'units', op: 'insert', loosen: permissive('units', 'units_insert', 'insert') },
  { table: 'branches', op: 'update', loosen: permissive('branches', 'branches_update', 'update') },
  { table: 'branch_invites', op: 'select', loosen: permissive('branch_invites', 'branch_invites_select', 'select') },
  { table: 'party_groups', op: 'insert', loosen: permissive('party_groups', 'party_groups_insert', 'insert') },
  { table: 'members', op: 'select', loosen: permissive('members', 'members_select', 'select') },
  { table: 'members', op: 'update', loosen: permissive('members', 'members_update', 'update') },
  { table: 'user_roles', op: 'select', loosen: permissive('user_roles', 'user_roles_select', 'select') },
  { table: 'user_roles', op: 'update', loosen:
      'grant update on public.user_roles to authenticated; alter table public.user_roles disable trigger guard_user_roles; ' +
      'create policy zz on public.user_roles for update to authenticated using (true) with check (true)' },
  { table: 'events', op: 'insert', loosen: permissive('events', 'events_insert', 'insert') },
  { table: 'events', op: 'update', loosen: permissive('events', 'events_update', 'update') },
  { table: 'attendance', op: 'insert', loosen: permissive('attendance', 'attendance_insert', 'insert') },
  { table: 'attendance', op: 'update', loosen: permissive('attendance', 'attendance_update', 'update') },
  { table: 'donation_campaigns', op: 'update', loosen: permissive('donation_campaigns', 'donation_campaigns_update', 'update') },
  { table: 'donations', op: 'select', loosen: permissive('donations', 'donations_select', 'select') },
  { table: 'donations', op: 'update', loosen: permissive('donations', 'donations_update', 'update') },
  { table: 'blood_donations', op: 'insert', loosen: permissive('blood_donations', 'blood_donations_insert', 'insert') },
  { table: 'pledge_templates', op: 'insert', loosen: permissive('pledge_templates', 'pledge_templates_insert', 'insert') },
  { table: 'pledge_signatures', op: 'insert', loosen: permissive('pledge_signatures', 'pledge_signatures_insert', 'insert') },
  { table: 'pledge_signatures', op: 'select', loosen: permissive('pledge_signatures', 'pledge_signatures_select', 'select') },
  { table: 'visits', op: 'update', loosen: permissive('visits', 'visits_update', 'update') },
  { table: 'visit_participants', op: 'insert', loosen: permissive('visit_participants', 'visit_participants_insert', 'insert') },
  { table: 'study_logs', op: 'select', loosen: permissive('study_logs', 'study_logs_select', 'select') },
  { table: 'study_logs', op: 'insert', loosen: permissive('study_logs', 'study_logs_insert', 'insert') },
  { table: 'study_logs', op: 'update', loosen: permissive('study_logs', 'study_logs_update', 'update') },
  { table: 'study_logs', op: 'delete', loosen: 'grant delete on public.study_logs to authenticated; create policy zz on public.study_logs for delete to authenticated using (true)' },
  { table: 'event_checkin_secrets', op: 'select', loosen: permissive('event_checkin_secrets', 'event_checkin_secrets_select', 'select') },
  { table: 'event_checkin_secrets', op: 'insert', loosen: permissive('event_checkin_secrets', 'event_checkin_secrets_insert', 'insert') },
  { table: 'sync_overwrites', op: 'select', loosen: permissive('sync_overwrites', 'sync_overwrites_select', 'select') },
  { table: 'events', op: 'delete', loosen: 'grant delete on public.events to authenticated; create policy zz on public.events for delete to authenticated using (true)' },
]

describe('negative controls: the matrix detects a loosened policy', () => {
  for (const control of CONTROLS) {
    it(`${control.table} ${control.op} with the policy loosened`, async () => {
      const spec = TABLES.find((t) => t.table === control.table)!
      await db.sql.exec('begin')
      let mismatches
      try {
        await db.sql.exec(control.loosen)
        mismatches = await runRow(db.sql, spec, control.op, true)
      } finally {
        await db.sql.exec('rollback')
      }
      expect(mismatches.length, `${control.table} ${control.op}: the matrix did not notice`).toBeGreaterThan(0)
      // The hole only lets through what was refused; nothing that was allowed breaks.
      expect(mismatches.every((m) => m.expected === 'deny')).toBe(true)
    })
  }

  it('the intact policies pass the same rows (the controls fail only because of the hole)', async () => {
    for (const control of CONTROLS) {
      const spec = TABLES.find((t) => t.table === control.table)!
      expect(await runRow(db.sql, spec, control.op)).toEqual([])
    }
  })
})
