import { computed, watch } from 'vue'
import { currentTemplate } from '@/domain/pledge'
import { useDataProblems, useLiveRows } from '@/composables/useLiveQuery'
import { useServerRead, useSetupContext } from './useSetupContext'

export const TEMPLATE_KINDS = ['personal', 'department'] as const

/** The year's overview: its two templates (latest version, signed or not) and who signed. */
export function useSetupYear() {
  const ctx = useSetupContext()
  const templateRead = useLiveRows(() => {
    const org = ctx.orgId.value
    return org ? () => ctx.repos.yearSetup.templates.ofOrg(org) : null
  })
  const progress = useServerRead(() => ctx.repos.yearSetup.pledgeProgress(ctx.year.value))
  watch(ctx.year, () => progress.load(), { immediate: true })
  const signed = computed(() => new Set(progress.value.value?.signed_templates ?? []))
  const templates = computed(() =>
    TEMPLATE_KINDS.map((kind) => {
      const template = currentTemplate(templateRead.rows.value, ctx.year.value, kind)
      return { kind, template, signed: template ? signed.value.has(template.id) : false }
    }),
  )
  const problems = useDataProblems(templateRead)
  return { ...ctx, templates, progress, problems }
}
