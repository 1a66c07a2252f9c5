/**
 * The evidence bucket's policies as SQL with PostgREST's role switch, on PGlite and on a real
 * PostgreSQL server with the stand-in storage schema; on PGlite, each condition of the policy
 * helpers broken in turn, naming exactly the cells of the matrix that must flip.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDb, type TestDb } from '../helpers/pglite'
import { requireRealPostgres, useSeededRealPostgres } from '../helpers/realpg'
import { STORAGE_CELLS, STORAGE_SETUP_SQL, storageMismatches } from './storage-matrix'

describe('evidence policies as SQL on PGlite', () => {
  let db: TestDb
  beforeAll(async () => {
    db = await createTestDb()
    await db.sql.exec(STORAGE_SETUP_SQL)
  })
  afterAll(() => db?.close())

  it(`every cell of the matrix (${STORAGE_CELLS.length} cells)`, async () => {
    expect(await storageMismatches(db.sql)).toEqual([])
  })

  it('the bucket is private, 5 MB, jpeg/webp/png, and nobody may overwrite an object', async () => {
    const { rows } = await db.sql.query(`select public, file_size_limit::int as size, allowed_mime_types from storage.buckets where id = 'evidence'`)
    expect(rows).toEqual([{ public: false, size: 5242880, allowed_mime_types: ['image/jpeg', 'image/webp', 'image/png'] }])
    const { rows: policies } = await db.sql.query<{ cmd: string }>(`select cmd from pg_policies where schemaname = 'storage' and tablename = 'objects' order by 1`)
    expect(policies.map((p) => p.cmd)).toEqual(['DELETE', 'INSERT', 'SELECT'])
  })

  interface Mutation {
    fn: string
    from: string
    to: string
    /** Exactly the cells that flip (`+` now allowed, `-` now refused). */
    flips: string[]
  }
  const MUTATIONS: Record<string, Mutation> = {
    'names not checked against the shape': {
      fn: 'evidence_folders(text)',
      from: 'select case\n    when p_name ~',
      to: 'select case\n    when true or p_name ~',
      flips: ['events:uppercase upload organizer+', 'events:uppercase upload secretary+'],
    },
    'a branch not checked to be of the name\'s organisation (write)': {
      fn: 'evidence_may_write(text)',
      from: 'if v_branch is not null and not app_private.evidence_branch_of_org(v_branch, v_org) then return false; end if;',
      to: '',
      // Removing also needs the select policy (the delete reads the name), which still refuses.
      flips: ['events:borrowed upload organizer+', 'events:borrowed upload secretary+'],
    },
    'a branch not checked to be of the name\'s organisation (read)': {
      fn: 'evidence_may_read(text)',
      from: 'if v_branch is not null and not app_private.evidence_branch_of_org(v_branch, v_org) then return false; end if;',
      to: '',
      flips: [
        'events:borrowed read member+', 'events:borrowed read organizer+', 'events:borrowed read peer+', 'events:borrowed read secretary+',
        // Leaders and admins read every branch of their organisation: a branch of another one, or of none, is what stops them.
        'events:crossed read admin+', 'events:crossed read leader+', 'events:nobranch read admin+', 'events:nobranch read leader+',
      ],
    },
    'an event\'s branch photos readable by the whole organisation': {
      fn: 'evidence_may_read(text)',
      from: 'or (v_branch is null and v_org = any (app_private.my_org_ids()))',
      to: 'or (v_org = any (app_private.my_org_ids()))',
      flips: [
        'events read otherMember+', 'events read otherSecretary+',
        'events:second read member+', 'events:second read organizer+', 'events:second read peer+', 'events:second read secretary+',
      ],
    },
    'an event\'s branch photos written by the admins': {
      fn: 'evidence_may_write(text)',
      from: "or (v_branch is null and v_org = any (app_private.org_ids_with(array['admin'])))",
      to: "or (v_org = any (app_private.org_ids_with(array['admin'])))",
      flips: [
        'events remove admin+', 'events upload admin+', 'events:second remove admin+', 'events:second upload admin+',
      ],
    },
    'event photos written by plain members': {
      fn: 'evidence_may_write(text)',
      from: "(v_branch is not null and v_branch = any (app_private.branch_ids_with(array['organizer', 'secretary'])))",
      to: "(v_branch is not null and v_branch = any (app_private.branch_ids_with(array['member', 'organizer', 'secretary'])))",
      flips: [
        'events remove member+', 'events remove peer+', 'events upload member+', 'events upload peer+',
        // The leader is a member of 机关第二党支部.
        'events:second remove leader+', 'events:second remove otherMember+', 'events:second upload leader+', 'events:second upload otherMember+',
      ],
    },
    'visit photos not readable by those who took part': {
      fn: 'evidence_may_read(text)',
      from: 'or app_private.evidence_visit_joined(f[4]::uuid));',
      to: ');',
      flips: ['visits:joined read peer-', 'visits:listed read member-'],
    },
    'visit photos without a branch': {
      fn: 'evidence_may_write(text)',
      from: "return v_branch is not null\n         and (v_branch = any (app_private.branch_ids_with(array['organizer', 'secretary']))",
      to: "return (v_branch = any (app_private.branch_ids_with(array['organizer', 'secretary']))",
      flips: ['visits:org upload admin+'],
    },
    'campaign photos under a branch': {
      fn: 'evidence_may_read(text)',
      from: 'return v_branch is null and v_org = any (app_private.my_org_ids());',
      to: 'return v_org = any (app_private.my_org_ids());',
      flips: [
        'donation_campaigns:branch read admin+', 'donation_campaigns:branch read leader+', 'donation_campaigns:branch read member+',
        'donation_campaigns:branch read organizer+', 'donation_campaigns:branch read otherMember+', 'donation_campaigns:branch read otherSecretary+',
        'donation_campaigns:branch read peer+', 'donation_campaigns:branch read secretary+',
      ],
    },
    'campaign photos written by any member of the organisation': {
      fn: 'evidence_may_write(text)',
      from: "return v_branch is null and v_org = any (app_private.org_ids_with(array['admin']));",
      to: 'return v_branch is null and v_org = any (app_private.my_org_ids());',
      flips: [
        ...['leader', 'member', 'organizer', 'otherMember', 'otherSecretary', 'peer', 'secretary'].flatMap((actor) => [
          `donation_campaigns remove ${actor}+`,
          `donation_campaigns upload ${actor}+`,
        ]),
      ],
    },
  }

  for (const [label, mutation] of Object.entries(MUTATIONS)) {
    it(`notices: ${label}`, async () => {
      const { rows } = await db.sql.query<{ def: string }>(`select pg_get_functiondef('app_private.${mutation.fn}'::regprocedure) as def`)
      const original = rows[0]!.def
      expect(original, 'the text to break is in the function').toContain(mutation.from)
      await db.sql.exec(original.replace(mutation.from, mutation.to))
      try {
        expect(await storageMismatches(db.sql)).toEqual([...mutation.flips].sort())
      } finally {
        await db.sql.exec(original)
      }
    })
  }
})

const available = requireRealPostgres('the evidence policies on a real server')

describe.skipIf(!available)('evidence policies as SQL on a real PostgreSQL', () => {
  const db = useSeededRealPostgres()

  it(`every cell of the matrix (${STORAGE_CELLS.length} cells)`, async () => {
    await db().exec(STORAGE_SETUP_SQL)
    expect(await storageMismatches(db())).toEqual([])
  })
})
