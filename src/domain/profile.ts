// zod/mini: this schema is checked on the first screen (the cached profile), where every KB counts.
import * as z from 'zod/mini'

/** Roles as the server grants them (public.user_roles.role). */
export const ROLES = ['member', 'organizer', 'secretary', 'leader', 'admin'] as const
export type Role = (typeof ROLES)[number]

/** Roles held for the whole organisation: such a login works without a roster link. */
export const ORG_WIDE_ROLES: readonly Role[] = ['leader', 'admin']

const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value)

export const roleGrantSchema = z.object({
  role: z.string(),
  branch_id: z.optional(z.nullable(z.string())),
})

export const memberLinkSchema = z.object({
  id: z.string(),
  name: z.string(),
  branch_id: z.string(),
  branch_name: z.string(),
  org_id: z.string(),
  org_name: z.string(),
})

/** What `me()` and `join_branch()` return: the signed-in login, its roster row and its roles. */
export const profileSchema = z.object({
  user_id: z.string(),
  email: z.optional(z.nullable(z.string())),
  phone: z.optional(z.nullable(z.string())),
  /** The roster name, else the login's own name: leaders and admins need not be on a roster. */
  display_name: z.optional(z.nullable(z.string())),
  member: z.nullable(memberLinkSchema),
  // A role this app version does not know yet is ignored rather than failing the whole profile.
  roles: z.pipe(
    z.array(roleGrantSchema),
    z.transform((grants) =>
      grants.flatMap((g) => (isRole(g.role) ? [{ role: g.role, branch_id: g.branch_id ?? null }] : [])),
    ),
  ),
})

export type Profile = z.output<typeof profileSchema>
export type MemberLink = z.output<typeof memberLinkSchema>
export type RoleGrant = Profile['roles'][number]

/** The distinct roles of a profile, in the fixed order of ROLES. */
export function roleNames(grants: readonly { role: Role }[]): Role[] {
  const held = new Set(grants.map((g) => g.role))
  return ROLES.filter((r) => held.has(r))
}

/** The most senior role, for display ("支部书记" rather than a list). */
export function primaryRole(roles: readonly Role[]): Role {
  const seniority: Role[] = ['admin', 'leader', 'secretary', 'organizer', 'member']
  return seniority.find((r) => roles.includes(r)) ?? 'member'
}
