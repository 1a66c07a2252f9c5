import type { ZhibuDb } from '../db'
import { activityRepositories } from './activities'
import { adminRepositories, type AdminRpc } from './admin'
import { bloodDonationRepository } from './bloodDonations'
import { branchDeskRepositories } from './branchDesk'
import { changeRepository } from './changes'
import { donationRepositories } from './donations'
import { eventRepositories } from './events'
import { meetingRepositories } from './meetings'
import { orgRepositories } from './org'
import { appEvidenceStorage, type EvidenceStorage } from '../photos/evidenceStorage'
import { photoRepository } from '../photos/photoStore'
import { overwriteRepositories } from './overwrites'
import { pledgeRepositories } from './pledges'
import { reviewRepository, type ReviewRpc } from './review'
import { createRowRepository } from './rows'
import { rosterRepository, type RosterRpc } from './roster'
import { studyLogRepository } from './studyLogs'
import { visitRepositories } from './visits'
import { yearSetupRepositories, type YearSetupRpc } from './yearSetup'

export interface RepositoriesOptions {
  db: ZhibuDb
  /** Called after a local write queued a change (the app wakes the sync scheduler). */
  onWrite?: () => void
  now?: () => Date
  /** How the roster's server functions (transfer_member) are reached (default: supabase-js). */
  rosterRpc?: RosterRpc
  /** How the review aggregates reach the server (default: supabase-js). */
  reviewRpc?: ReviewRpc
  /** How the year's setup functions reach the server (default: supabase-js). */
  yearSetupRpc?: YearSetupRpc
  /** How 管理's directory, audit and role functions reach the server (default: supabase-js). */
  adminRpc?: AdminRpc
  /** The evidence photos' bucket (default: the app's, through supabase-js). */
  evidenceStorage?: EvidenceStorage
}

/** Every repository of one device database: what features read and write through. */
export function createRepositories(options: RepositoriesOptions) {
  const ctx = { db: options.db, rows: createRowRepository(options) }
  return {
    studyLogs: studyLogRepository(ctx),
    bloodDonations: bloodDonationRepository(ctx),
    ...donationRepositories(ctx),
    ...visitRepositories(ctx),
    ...eventRepositories(ctx),
    ...meetingRepositories(ctx),
    ...branchDeskRepositories(ctx),
    ...pledgeRepositories(ctx),
    ...orgRepositories(ctx),
    ...activityRepositories(ctx),
    ...overwriteRepositories(ctx),
    ...yearSetupRepositories(ctx, options.yearSetupRpc, options.now),
    ...adminRepositories(ctx, options.adminRpc),
    roster: rosterRepository(ctx, options.rosterRpc, options.onWrite),
    changes: changeRepository(options.db, options.onWrite),
    review: reviewRepository({ db: options.db, rpc: options.reviewRpc, now: options.now }),
    photos: photoRepository({ db: options.db, rows: ctx.rows, storage: options.evidenceStorage ?? appEvidenceStorage(), now: options.now }),
  }
}

export type Repositories = ReturnType<typeof createRepositories>
export type { Checked, InvalidRow, RowWrite } from './table'
export type { ChangeCounts, RefusedChange } from './changes'
