import { ref } from 'vue'
import { fromCode, type MeetingProblem } from './meetingProblem'

/**
 * A write of one section of the meeting record (minutes, guests, checklist, a restored text): saved
 * on the device at once, `saving` meanwhile, and a failure as the section's problem
 * (`record.saveFailed` with the storage's message) instead of an exception.
 */
export function useMeetingWrite() {
  const saving = ref(false)
  async function write(save: () => Promise<unknown>): Promise<MeetingProblem | null> {
    saving.value = true
    try {
      await save()
      return null
    } catch (error) {
      return fromCode({ code: 'record.saveFailed', params: { message: (error as Error).message } })
    } finally {
      saving.value = false
    }
  }
  return { saving, write }
}
