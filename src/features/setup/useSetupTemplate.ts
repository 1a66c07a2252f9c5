import { computed, ref, shallowRef, watch } from 'vue'
import { pledgeTextHash, normalisePledgeText } from '@/domain/pledge'
import { uuidv7 } from '@/domain/syncIds'
import { templateAction, templateProblems, type SetupProblem } from '@/domain/yearSetup'
import { useLiveRows } from '@/composables/useLiveQuery'
import { useServerRead, useSetupContext } from './useSetupContext'

/**
 * One kind of the year's template: create it from last year's text, edit it while nobody signed it,
 * or (once someone signed) publish a new version starting from it. Whether anyone signed comes
 * from the server (pledge_progress); until it answers the screen does not offer to save.
 */
export function useSetupTemplate(kind: () => 'personal' | 'department') {
  const ctx = useSetupContext()
  const read = useLiveRows(() => {
    const org = ctx.orgId.value
    return org ? () => ctx.repos.yearSetup.templates.ofOrg(org) : null
  })
  const progress = useServerRead(() => ctx.repos.yearSetup.pledgeProgress(ctx.year.value))
  watch(ctx.year, () => progress.load(), { immediate: true })
  const action = computed(() =>
    progress.value.value ? templateAction(read.rows.value, ctx.year.value, kind(), new Set(progress.value.value.signed_templates ?? [])) : null,
  )
  const title = ref('')
  const body = ref('')
  const problems = shallowRef<Partial<Record<'title' | 'body', SetupProblem>>>({})
  const saving = ref(false)
  const saved = ref(false)
  let filledFor = ''
  // Fill the form once per template (or per year's new one), not on every live update.
  watch(
    action,
    (a) => {
      if (!a) return
      const source = a.kind === 'edit' ? a.template : a.from
      const key = `${ctx.year.value}:${kind()}:${a.kind}:${source?.id ?? ''}`
      if (key === filledFor) return
      filledFor = key
      title.value = (source as { title?: string } | null)?.title ?? ''
      body.value = source?.body ?? ''
    },
    { immediate: true },
  )

  async function save(): Promise<boolean> {
    const a = action.value
    const org = ctx.orgId.value
    if (!a || !org) return false
    saved.value = false
    problems.value = templateProblems({ title: title.value, body: body.value })
    if (Object.keys(problems.value).length) return false
    const text = normalisePledgeText(body.value)
    saving.value = true
    try {
      const columns = { title: title.value.trim(), body: text, body_sha256: await pledgeTextHash(text) }
      if (a.kind === 'edit') await ctx.repos.yearSetup.templates.put({ id: a.template.id, org_id: org, ...columns })
      else await ctx.repos.yearSetup.templates.put({ id: uuidv7(), org_id: org, year: ctx.year.value, kind: kind(), version: a.version, ...columns })
      saved.value = true
      return true
    } finally {
      saving.value = false
    }
  }

  return { year: ctx.year, action, title, body, problems, saving, saved, save, progress, dataRead: read }
}
