import { reactive, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { fieldErrors, identifierOf, loginSchema, type LoginIdentifier } from '@/domain/auth'
import { loginErrorMessage } from './authErrorMessage'

export interface UseLoginFormOptions {
  signIn: (identifier: LoginIdentifier, password: string) => Promise<void>
  onSignedIn: () => void | Promise<void>
}

/** The login form's fields, inline errors and submit, independent of how it is drawn. */
export function useLoginForm(options: UseLoginFormOptions) {
  const { t } = useI18n()
  const account = ref('')
  const password = ref('')
  const errors = reactive({ account: '', password: '' })
  const formError = ref('')
  const submitting = ref(false)

  function validate(): { identifier: LoginIdentifier; password: string } | null {
    const parsed = loginSchema.safeParse({ account: account.value, password: password.value })
    const found = parsed.success ? {} : fieldErrors(parsed.error)
    errors.account = found.account ? t(found.account) : ''
    errors.password = found.password ? t(found.password) : ''
    const identifier = parsed.success ? identifierOf(parsed.data.account) : null
    return identifier ? { identifier, password: password.value } : null
  }

  async function submit() {
    if (submitting.value) return
    formError.value = ''
    const valid = validate()
    if (!valid) return
    submitting.value = true
    try {
      await options.signIn(valid.identifier, valid.password)
    } catch (error) {
      formError.value = loginErrorMessage(error, t)
      return
    } finally {
      submitting.value = false
    }
    await options.onSignedIn()
  }

  return { account, password, errors, formError, submitting, submit }
}
