/**
 * The one registry of synced tables: every table the device stores and syncs, with the name shown
 * next to a refused change, its Dexie indexes (src/data/db.ts builds the device database from them)
 * and the schema of its rows (rows.ts). tests/db/sync-table-registry.test.ts checks it against the
 * server's app_private.sync_table_list(), so a table added on one side only fails CI.
 * Adding a table: docs/architecture.md, "How to add a synced table".
 */
import type * as z from 'zod'
import * as rows from './rows'

interface SyncedTableSpec {
  /** Shown to people (需处理): what kind of record a change was about. */
  label: string
  /** Dexie store spec: primary key `id` first, then the indexes the device queries by. */
  indexes: string
  row: z.ZodType<{ id: string }>
}

export const SYNCED_TABLES = {
  orgs: { label: '组织', indexes: 'id', row: rows.orgRow },
  units: { label: '处室和下属单位', indexes: 'id, org_id', row: rows.unitRow },
  branches: { label: '支部', indexes: 'id, org_id, unit_id', row: rows.branchRow },
  branch_invites: { label: '邀请码', indexes: 'id, branch_id', row: rows.branchInviteRow },
  party_groups: { label: '党小组', indexes: 'id, branch_id', row: rows.partyGroupRow },
  members: { label: '党员名册', indexes: 'id, branch_id, user_id, group_id, [branch_id+status]', row: rows.memberRow },
  user_roles: { label: '角色', indexes: 'id, user_id, branch_id', row: rows.userRoleRow },
  events: { label: '会议和活动', indexes: 'id, branch_id, kind, starts_at, [branch_id+starts_at]', row: rows.eventRow },
  attendance: { label: '出席记录', indexes: 'id, branch_id, event_id, member_id, [event_id+member_id]', row: rows.attendanceRow },
  donation_campaigns: { label: '捐款活动', indexes: 'id, org_id, year', row: rows.donationCampaignRow },
  donations: { label: '捐款', indexes: 'id, branch_id, campaign_id, member_id', row: rows.donationRow },
  blood_donations: { label: '献血', indexes: 'id, branch_id, event_id, member_id', row: rows.bloodDonationRow },
  pledge_templates: { label: '承诺书模板', indexes: 'id, org_id, [org_id+year]', row: rows.pledgeTemplateRow },
  pledge_signatures: { label: '承诺书签名', indexes: 'id, branch_id, template_id, member_id, unit_id', row: rows.pledgeSignatureRow },
  visits: { label: '走访慰问', indexes: 'id, branch_id, visited_on', row: rows.visitRow },
  visit_participants: { label: '参加走访', indexes: 'id, branch_id, visit_id, member_id', row: rows.visitParticipantRow },
  study_logs: { label: '学习记录', indexes: 'id, branch_id, [member_id+studied_on]', row: rows.studyLogRow },
  event_checkin_secrets: { label: '签到密钥', indexes: 'id, branch_id', row: rows.eventCheckinSecretRow },
  sync_overwrites: { label: '被覆盖的内容', indexes: 'id, branch_id, [table_name+row_id]', row: rows.syncOverwriteRow },
} as const satisfies Record<string, SyncedTableSpec>

export type SyncedTable = keyof typeof SYNCED_TABLES

/** A row of a synced table as the device reads it (declared columns; others pass through). */
export type RowOf<T extends SyncedTable> = rows.KnownColumns<z.output<(typeof SYNCED_TABLES)[T]['row']>>

export function isSyncedTable(name: string): name is SyncedTable {
  return Object.prototype.hasOwnProperty.call(SYNCED_TABLES, name)
}

/** The name people read for a table (the table's own name for one this version does not know). */
export function tableLabel(name: string): string {
  return isSyncedTable(name) ? SYNCED_TABLES[name].label : name
}
