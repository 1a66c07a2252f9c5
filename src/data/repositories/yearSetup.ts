import type { SupabaseClient } from '@supabase/supabase-js'
import type { z } from 'zod'
import { getSupabase } from '../supabase'
import { tableRepository, type RepositoryContext } from './table'
import {
  bloodDriveRollSchema,
  campaignTotalsSchema,
  orgPeopleSchema,
  pledgeProgressSchema,
  type BloodDriveRoll,
  type CampaignTotals,
  type OrgPerson,
  type PledgeProgress,
} from '@/domain/yearSetup'

/** The year's read functions (20261201005200_year_setup.sql). */
export type YearSetupFunction = 'pledge_progress' | 'campaign_totals' | 'blood_drive_roll' | 'org_people'
export type YearSetupReply = { ok: true; data: unknown } | { ok: false; status: number; code?: string; message: string }
export type YearSetupRpc = (fn: YearSetupFunction, args: Record<string, unknown>) => Promise<YearSetupReply>

/** Why an answer could not be shown: no answer (`offline`), not allowed, or an answer of the wrong shape. */
export type YearSetupProblemCode = 'offline' | 'forbidden' | 'invalidAnswer' | 'failed'
/**
 * An answer: from the server, or (offline or failing) the last good one kept on the device with when
 * it was fetched and why the server's was not used; or why there is none.
 */
export type YearSetupResult<T> =
  | { ok: true; value: T; fetchedAt: string; stale?: YearSetupProblemCode }
  | { ok: false; problem: YearSetupProblemCode }

export function supabaseYearSetupRpc(getClient: () => Promise<SupabaseClient> = getSupabase): YearSetupRpc {
  return async (fn, args) => {
    try {
      const client = await getClient()
      const { data, error, status } = await client.rpc(fn, args)
      if (error) return { ok: false, status: status ?? 0, code: error.code, message: error.message }
      return { ok: true, data }
    } catch (e) {
      return { ok: false, status: 0, message: e instanceof Error ? e.message : String(e) }
    }
  }
}

/**
 * What the admins' 年度工作 screens read and write: units (their heads), the year's templates,
 * campaigns, 学习强国 usage, blood drives (events) and donations on the device; who signed, what
 * campaigns collected, a drive's roll and the roster from the server (an admin's phone holds no
 * branch's rows).
 */
export function yearSetupRepositories(ctx: RepositoryContext, rpc: YearSetupRpc = supabaseYearSetupRpc(), now: () => Date = () => new Date()) {
  const units = tableRepository(ctx, 'units')
  const templates = tableRepository(ctx, 'pledge_templates')
  const campaigns = tableRepository(ctx, 'donation_campaigns')
  const xuexi = tableRepository(ctx, 'xuexi_usage')
  const events = tableRepository(ctx, 'events')
  const blood = tableRepository(ctx, 'blood_donations')

  /**
   * Calls a read function. A good answer is kept in `_meta` (`setup:<fn>:<args>`) for offline viewing;
   * offline or failing, the kept one is served with `stale`. A refusal forgets it (a former admin's
   * phone stops showing the organisation's people).
   */
  async function call<S extends z.ZodType>(fn: YearSetupFunction, args: Record<string, unknown>, schema: S): Promise<YearSetupResult<z.output<S>>> {
    const key = `setup:${fn}:${Object.values(args).map(String).join(',')}`
    const reply = await rpc(fn, args)
    let problem: YearSetupProblemCode
    if (reply.ok) {
      const parsed = schema.safeParse(reply.data)
      if (parsed.success) {
        const fetchedAt = now().toISOString()
        await ctx.db._meta.put({ key, value: { value: parsed.data, fetchedAt } })
        return { ok: true, value: parsed.data, fetchedAt }
      }
      problem = 'invalidAnswer'
    } else if (reply.code === '42501' || reply.status === 403 || reply.code === '28000' || reply.status === 401) {
      await ctx.db._meta.delete(key)
      return { ok: false, problem: 'forbidden' }
    } else {
      problem = reply.status === 0 ? 'offline' : 'failed'
    }
    const kept = (await ctx.db._meta.get(key))?.value as { value?: unknown; fetchedAt?: unknown } | undefined
    const parsed = kept && typeof kept.fetchedAt === 'string' ? schema.safeParse(kept.value) : null
    return parsed?.success ? { ok: true, value: parsed.data, fetchedAt: kept!.fetchedAt as string, stale: problem } : { ok: false, problem }
  }

  return {
    yearSetup: {
      /** The organisations this device holds (an admin on no roster has one). */
      orgIds: async (): Promise<string[]> => (await ctx.db.data('orgs').toCollection().primaryKeys()).map(String),
      units: { ofOrg: (orgId: string) => units.where('org_id', orgId), put: units.put },
      templates: { ofOrg: (orgId: string) => templates.where('org_id', orgId), put: templates.put },
      campaigns: { byId: campaigns.byId, ofOrg: (orgId: string) => campaigns.where('org_id', orgId), put: campaigns.put },
      xuexi: {
        ofOrg: (orgId: string) => xuexi.where('org_id', orgId),
        ofBranch: (branchIds: string | readonly string[]) => xuexi.where('branch_id', branchIds),
        put: xuexi.put,
      },
      drives: { byId: events.byId, put: events.put },
      blood: { put: blood.put },
      pledgeProgress: (year: number): Promise<YearSetupResult<PledgeProgress>> => call('pledge_progress', { p_year: year }, pledgeProgressSchema),
      campaignTotals: (year: number): Promise<YearSetupResult<CampaignTotals>> => call('campaign_totals', { p_year: year }, campaignTotalsSchema),
      bloodDriveRoll: (eventId: string): Promise<YearSetupResult<BloodDriveRoll>> =>
        call('blood_drive_roll', { p_event_id: eventId }, bloodDriveRollSchema),
      orgPeople: async (): Promise<YearSetupResult<OrgPerson[]>> => {
        const result = await call('org_people', {}, orgPeopleSchema)
        return result.ok ? { ...result, value: result.value.people } : result
      },
    },
  }
}
