/**
 * 管理: the answers of the organisation's directory and audit functions
 * (20261201005100_roles_org.sql), and who may grant which role.
 */
import { z } from 'zod'

/** Units, branches and groups in the organisation's order: `sort_order`, then the name (a copy). */
export function inOrgOrder<T extends { sort_order?: number | null; name: string }>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => (a.sort_order ?? 0) - (b.sort_order ?? 0) || a.name.localeCompare(b.name, 'zh-CN'))
}

export const GRANTABLE_ROLES = ['secretary', 'organizer', 'leader'] as const
export type GrantableRole = (typeof GRANTABLE_ROLES)[number]

const uuid = z.string().min(1)

export const directorySchema = z.object({
  admin: z.boolean(),
  branches: z.array(
    z.object({
      id: uuid,
      name: z.string(),
      unit_id: uuid.nullable(),
      active: z.boolean(),
      invite_code: z.string().nullable(),
      groups: z.array(z.object({ id: uuid, name: z.string(), active: z.boolean() })),
    }),
  ),
  people: z.array(z.object({ user_id: uuid, member_id: uuid.nullable(), name: z.string().nullable(), branch_id: uuid.nullable() })),
  roles: z.array(z.object({ user_id: uuid, role: z.enum(['member', 'organizer', 'secretary', 'leader', 'admin']), branch_id: uuid.nullable() })),
})
export type Directory = z.infer<typeof directorySchema>
export type DirectoryPerson = Directory['people'][number]

export const grantHistorySchema = z.object({
  rows: z.array(
    z.object({
      id: uuid,
      at: z.string(),
      action: z.enum(['grant', 'revoke']),
      role: z.enum(['member', 'organizer', 'secretary', 'leader', 'admin']),
      branch_id: uuid.nullable(),
      branch_name: z.string().nullable(),
      user_id: uuid,
      target_name: z.string().nullable(),
      by_user_id: uuid,
      by_name: z.string().nullable(),
    }),
  ),
})
export type GrantHistoryRow = z.infer<typeof grantHistorySchema>['rows'][number]

/**
 * The roles a caller may grant or revoke, as the server's check_role_change decides: an admin
 * secretary, organizer (in the person's branch) and leader; a secretary only organizer, in his branch.
 */
export function grantableRoles(admin: boolean): readonly GrantableRole[] {
  return admin ? GRANTABLE_ROLES : ['organizer']
}

/** The branch a role is granted in: the person's roster branch for branch roles, none for leader. */
export function roleBranch(role: GrantableRole, person: DirectoryPerson): string | null {
  return role === 'leader' ? null : person.branch_id
}

/** True when the person holds that role where it would be granted. */
export function holdsRole(directory: Directory, person: DirectoryPerson, role: GrantableRole): boolean {
  const branch = roleBranch(role, person)
  return directory.roles.some((r) => r.user_id === person.user_id && r.role === role && r.branch_id === branch)
}

/** A branch role needs the person on a roster; a leader role does not. */
export function canHold(role: GrantableRole, person: DirectoryPerson): boolean {
  return role === 'leader' || person.branch_id !== null
}

/**
 * The branches whose party groups a login manages on its device: where it is secretary, and, for an
 * admin, every branch it holds a role in (the device syncs those branches' groups; others it does not hold).
 */
export function groupBranchIds(roles: readonly { role: string; branch_id: string | null }[]): string[] {
  const admin = roles.some((r) => r.role === 'admin' && r.branch_id === null)
  return [...new Set(roles.filter((r) => r.branch_id !== null && (admin || r.role === 'secretary')).map((r) => r.branch_id!))]
}

/**
 * What a picker offers: the active units or groups, and the one already chosen even when it has
 * since been deactivated (a saved value is shown as it is, never silently changed).
 */
export function offeredInPicker<T extends { id: string; active?: boolean | null }>(rows: readonly T[], chosen?: string | null): T[] {
  return rows.filter((r) => r.active !== false || r.id === chosen)
}
