import { reactive, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { fieldErrors, joinSchema, normalizePhone } from '@/domain/auth'
import { joinErrorMessage } from './authErrorMessage'

export interface UseJoinFormOptions {
  /** The login's own phone, if it has one: most people join with it. */
  initialPhone?: string | null
  join: (inviteCode: string, phone: string) => Promise<void>
  onJoined: () => void | Promise<void>
}

export function useJoinForm(options: UseJoinFormOptions) {
  const { t } = useI18n()
  const inviteCode = ref('')
  const phone = ref(options.initialPhone ? normalizePhone(options.initialPhone) : '')
  const errors = reactive({ inviteCode: '', phone: '' })
  const formError = ref('')
  const submitting = ref(false)

  async function submit() {
    if (submitting.value) return
    formError.value = ''
    const parsed = joinSchema.safeParse({ inviteCode: inviteCode.value, phone: phone.value })
    const found = parsed.success ? {} : fieldErrors(parsed.error)
    errors.inviteCode = found.inviteCode ? t(found.inviteCode) : ''
    errors.phone = found.phone ? t(found.phone) : ''
    if (!parsed.success) return
    submitting.value = true
    try {
      await options.join(parsed.data.inviteCode, parsed.data.phone)
    } catch (error) {
      formError.value = joinErrorMessage(error, t)
      return
    } finally {
      submitting.value = false
    }
    await options.onJoined()
  }

  return { inviteCode, phone, errors, formError, submitting, submit }
}
