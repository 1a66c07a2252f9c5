/**
 * The one registry of synced tables: every table the device stores and syncs, with its Dexie indexes
 * (src/data/db.ts builds the device database from them) and the schema of its rows (rows.ts). The
 * name people read for each is the catalogue's `syncChange.tables.<table>` (src/i18n/describeChange.ts).
 * tests/db/sync-table-registry.test.ts checks it against the server's app_private.sync_table_list(),
 * so a table added on one side only fails CI.
 * Adding a table: docs/architecture.md, "How to add a synced table".
 */
import type * as z from 'zod'
import * as rows from './rows'

interface SyncedTableSpec {
  /** Dexie store spec: primary key `id` first, then the indexes the device queries by. */
  indexes: string
  row: z.ZodType<{ id: string }>
}

export const SYNCED_TABLES = {
  orgs: { indexes: 'id', row: rows.orgRow },
  units: { indexes: 'id, org_id', row: rows.unitRow },
  branches: { indexes: 'id, org_id, unit_id', row: rows.branchRow },
  branch_invites: { indexes: 'id, branch_id', row: rows.branchInviteRow },
  party_groups: { indexes: 'id, branch_id', row: rows.partyGroupRow },
  members: { indexes: 'id, branch_id, user_id, group_id, [branch_id+status]', row: rows.memberRow },
  member_details: { indexes: 'id, branch_id', row: rows.memberDetailRow },
  user_roles: { indexes: 'id, user_id, branch_id', row: rows.userRoleRow },
  events: { indexes: 'id, branch_id, org_id, kind, starts_at, [branch_id+starts_at]', row: rows.eventRow },
  event_resolutions: { indexes: 'id, branch_id, event_id', row: rows.eventResolutionRow },
  attendance: { indexes: 'id, branch_id, event_id, member_id, [event_id+member_id]', row: rows.attendanceRow },
  donation_campaigns: { indexes: 'id, org_id, year', row: rows.donationCampaignRow },
  donations: { indexes: 'id, branch_id, campaign_id, member_id', row: rows.donationRow },
  blood_donations: { indexes: 'id, branch_id, event_id, member_id', row: rows.bloodDonationRow },
  pledge_templates: { indexes: 'id, org_id, [org_id+year]', row: rows.pledgeTemplateRow },
  pledge_signatures: { indexes: 'id, branch_id, template_id, member_id, unit_id', row: rows.pledgeSignatureRow },
  visits: { indexes: 'id, branch_id, visited_on', row: rows.visitRow },
  visit_participants: { indexes: 'id, branch_id, visit_id, member_id', row: rows.visitParticipantRow },
  study_logs: { indexes: 'id, branch_id, [member_id+studied_on]', row: rows.studyLogRow },
  event_checkin_secrets: { indexes: 'id, branch_id', row: rows.eventCheckinSecretRow },
  member_checkin_secrets: { indexes: 'id, branch_id, member_id', row: rows.memberCheckinSecretRow },
  attendance_changes: { indexes: 'id, branch_id, attendance_id, event_id', row: rows.attendanceChangeRow },
  sync_overwrites: { indexes: 'id, branch_id, [table_name+row_id]', row: rows.syncOverwriteRow },
  xuexi_usage: { indexes: 'id, org_id, branch_id, [branch_id+month]', row: rows.xuexiUsageRow },
} as const satisfies Record<string, SyncedTableSpec>

export type SyncedTable = keyof typeof SYNCED_TABLES

/** A row of a synced table as the device reads it (declared columns; others pass through). */
export type RowOf<T extends SyncedTable> = rows.KnownColumns<z.output<(typeof SYNCED_TABLES)[T]['row']>>

export function isSyncedTable(name: string): name is SyncedTable {
  return Object.prototype.hasOwnProperty.call(SYNCED_TABLES, name)
}
