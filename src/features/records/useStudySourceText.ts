import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import { studySourceOf } from '@/i18n/storedWords'

/**
 * The study source as the field shows it: a preset's stored word (学习强国) appears as its label in
 * the person's language; what the person types is stored exactly as typed.
 */
export function useStudySourceText(stored: () => string, store: (value: string) => void) {
  const { t } = useI18n()
  return computed({
    get: () => {
      const preset = studySourceOf(stored())
      return preset ? t(`records.study.sources.${preset}`) : stored()
    },
    set: store,
  })
}
