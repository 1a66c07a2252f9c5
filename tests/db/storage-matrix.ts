/**
 * The evidence bucket's policies as a matrix (20261201007000_evidence_storage.sql): folders of
 * object names (`<org>/<branch or org>/<table>/<record>`) × upload, read, remove × the actors of
 * the RLS matrix. Run through the Storage routes with supabase-js (storage-evidence.test.ts) and as
 * SQL on PGlite and a real PostgreSQL (storage-policies.test.ts).
 */
import { randomUUID } from 'node:crypto'
import { ACTORS, BRANCH, CAMPAIGN, EVENT, MATRIX_ACTOR_NAMES, MEMBER, ORG_ID, VISIT_FIRST, type ActorName } from '../helpers/roles'
import { claimsFor, type SqlClient } from '../helpers/sql'

export const FOREIGN = {
  org: '66000000-0000-4000-8000-000000000001',
  unit: '66000000-0000-4000-8000-000000000002',
  branch: '66000000-0000-4000-8000-000000000003',
} as const
export const VISIT_LISTED = '66000000-0000-4000-8000-000000000010' // 李晓梅 listed by the committee
export const VISIT_JOINED = '66000000-0000-4000-8000-000000000011' // 杨帆 recorded his own part
export const ORG_EVENT = '66000000-0000-4000-8000-000000000012' // an organisation-wide event (not synced yet)

export type StorageOp = 'upload' | 'read' | 'remove'

/** A folder of evidence names: `<org>/<branch or org>/<table>/<record>`. */
export const STORAGE_ROWS: Record<string, string> = {
  events: `${ORG_ID}/${BRANCH.first}/events/${EVENT.themeDay}`,
  'events:org': `${ORG_ID}/org/events/${ORG_EVENT}`,
  'events:second': `${ORG_ID}/${BRANCH.second}/events/${EVENT.secondGeneralMeeting}`,
  'events:foreign': `${FOREIGN.org}/${FOREIGN.branch}/events/${randomUUID()}`,
  // Our organisation with another's branch, and another organisation with our branch.
  'events:crossed': `${ORG_ID}/${FOREIGN.branch}/events/${randomUUID()}`,
  'events:borrowed': `${FOREIGN.org}/${BRANCH.first}/events/${EVENT.themeDay}`,
  'events:nobranch': `${ORG_ID}/${randomUUID()}/events/${randomUUID()}`,
  // A well-placed name that is not ours to make: ids are lowercase.
  'events:uppercase': `${ORG_ID}/${BRANCH.first}/events/ABCDEF00-0000-4000-8000-000000000005`,
  visits: `${ORG_ID}/${BRANCH.first}/visits/${VISIT_FIRST}`,
  'visits:listed': `${ORG_ID}/${BRANCH.first}/visits/${VISIT_LISTED}`,
  'visits:joined': `${ORG_ID}/${BRANCH.first}/visits/${VISIT_JOINED}`,
  'visits:org': `${ORG_ID}/org/visits/${VISIT_FIRST}`,
  donation_campaigns: `${ORG_ID}/org/donation_campaigns/${CAMPAIGN}`,
  'donation_campaigns:branch': `${ORG_ID}/${BRANCH.first}/donation_campaigns/${CAMPAIGN}`,
}

/**
 * Expected outcomes, actors in MATRIX_ACTOR_NAMES order: anon, member (李晓梅), peer (杨帆, same
 * branch), otherMember (机关第二党支部), organizer, secretary, otherSecretary, leader, admin.
 * "read" is a download and a signed URL, which must agree.
 */
export const STORAGE_EXPECTED = `
row                        op      anon member peer other organizer secretary otherSec leader admin
events                     upload   -     -     -    -      Y         Y         -       -     -
events                     read     -     Y     Y    -      Y         Y         -       Y     Y
events                     remove   -     -     -    -      Y         Y         -       -     -
events:org                 upload   -     -     -    -      -         -         -       -     Y
events:org                 read     -     Y     Y    Y      Y         Y         Y       Y     Y
events:org                 remove   -     -     -    -      -         -         -       -     Y
events:second              upload   -     -     -    -      -         -         Y       -     -
events:second              read     -     -     -    Y      -         -         Y       Y     Y
events:second              remove   -     -     -    -      -         -         Y       -     -
events:foreign             upload   -     -     -    -      -         -         -       -     -
events:foreign             read     -     -     -    -      -         -         -       -     -
events:foreign             remove   -     -     -    -      -         -         -       -     -
events:crossed             upload   -     -     -    -      -         -         -       -     -
events:crossed             read     -     -     -    -      -         -         -       -     -
events:borrowed            upload   -     -     -    -      -         -         -       -     -
events:borrowed            read     -     -     -    -      -         -         -       -     -
events:borrowed            remove   -     -     -    -      -         -         -       -     -
events:nobranch            upload   -     -     -    -      -         -         -       -     -
events:nobranch            read     -     -     -    -      -         -         -       -     -
events:uppercase           upload   -     -     -    -      -         -         -       -     -
visits                     upload   -     -     -    -      Y         Y         -       -     Y
visits                     read     -     -     -    -      Y         Y         -       Y     Y
visits                     remove   -     -     -    -      Y         Y         -       -     Y
visits:listed              read     -     Y     -    -      Y         Y         -       Y     Y
visits:listed              upload   -     -     -    -      Y         Y         -       -     Y
visits:joined              read     -     -     Y    -      Y         Y         -       Y     Y
visits:org                 upload   -     -     -    -      -         -         -       -     -
visits:org                 read     -     -     -    -      -         -         -       -     -
donation_campaigns         upload   -     -     -    -      -         -         -       -     Y
donation_campaigns         read     -     Y     Y    Y      Y         Y         Y       Y     Y
donation_campaigns         remove   -     -     -    -      -         -         -       -     Y
donation_campaigns:branch  upload   -     -     -    -      -         -         -       -     -
donation_campaigns:branch  read     -     -     -    -      -         -         -       -     -
`

export interface StorageCell {
  row: string
  op: StorageOp
  actor: ActorName
  allowed: boolean
}

export const STORAGE_CELLS: StorageCell[] = STORAGE_EXPECTED.trim()
  .split('\n')
  .slice(1)
  .flatMap((line) => {
    const [row, op, ...marks] = line.trim().split(/\s+/)
    if (marks.length !== MATRIX_ACTOR_NAMES.length) throw new Error(`Row ${row} ${op}: ${marks.length} marks`)
    return MATRIX_ACTOR_NAMES.map((actor, i) => ({ row: row!, op: op as StorageOp, actor, allowed: marks[i] === 'Y' }))
  })

/** The records the matrix needs beyond the demo data: another organisation, two visits. Run once, as the superuser. */
export const STORAGE_SETUP_SQL = `
  with o as (insert into public.orgs (id, org_id, name) values ('${FOREIGN.org}', '${FOREIGN.org}', '市档案馆') returning id),
       u as (insert into public.units (id, org_id, name, kind) select '${FOREIGN.unit}', id, '馆办公室', 'department' from o returning id, org_id)
  insert into public.branches (id, org_id, unit_id, name) select '${FOREIGN.branch}', org_id, id, '市档案馆机关党支部' from u;
  insert into public.visits (id, org_id, branch_id, kind, visited_on, households, persons, participant_ids)
    values ('${VISIT_LISTED}', '${ORG_ID}', '${BRANCH.first}', 'staff_hardship', '2026-03-12', 1, 1, array['${MEMBER.member}'::uuid]);
  insert into public.visits (id, org_id, branch_id, kind, visited_on, households, persons)
    values ('${VISIT_JOINED}', '${ORG_ID}', '${BRANCH.first}', 'staff_hardship', '2026-03-10', 1, 2);
  insert into public.visit_participants (id, org_id, branch_id, visit_id, member_id)
    values ('66000000-0000-4000-8000-000000000013', '${ORG_ID}', '${BRANCH.first}', '${VISIT_JOINED}', '${MEMBER.yangFan}');
`

/**
 * One cell as SQL, the way Storage runs it: the object (for read and remove) put in place by the
 * superuser, then the caller's role and claims, then the insert, select or delete; rolled back.
 */
export async function runStorageCellSql(db: SqlClient, cell: StorageCell): Promise<boolean> {
  const name = `${STORAGE_ROWS[cell.row]}/${randomUUID()}.jpg`
  const actor = ACTORS[cell.actor]
  await db.exec('begin')
  try {
    if (cell.op !== 'upload') await db.query(`insert into storage.objects (bucket_id, name) values ('evidence', $1)`, [name])
    await db.exec(`set local role ${actor.kind === 'anon' ? 'anon' : 'authenticated'}`)
    await db.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify(claimsFor(actor))])
    if (cell.op === 'read') {
      return (await db.query(`select 1 from storage.objects where bucket_id = 'evidence' and name = $1`, [name])).rowCount === 1
    }
    if (cell.op === 'remove') {
      return (await db.query(`delete from storage.objects where bucket_id = 'evidence' and name = $1`, [name])).rowCount === 1
    }
    await db.exec('savepoint upload')
    try {
      await db.query(`insert into storage.objects (bucket_id, name, owner) values ('evidence', $1, (select auth.uid()))`, [name])
      return true
    } catch (error) {
      if ((error as { code?: string }).code !== '42501') throw error
      await db.exec('rollback to savepoint upload')
      return false
    }
  } finally {
    await db.exec('rollback')
  }
}

/** The cells whose outcome differs from the expected one, as `row op actor+` (allowed) or `-` (refused). */
export async function storageMismatches(db: SqlClient): Promise<string[]> {
  const found: string[] = []
  for (const cell of STORAGE_CELLS) {
    const allowed = await runStorageCellSql(db, cell)
    if (allowed !== cell.allowed) found.push(`${cell.row} ${cell.op} ${cell.actor}${allowed ? '+' : '-'}`)
  }
  return found.sort()
}
