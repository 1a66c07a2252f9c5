import { readonly, shallowRef } from 'vue'

const message = shallowRef('')
let timer: ReturnType<typeof setTimeout> | undefined

/**
 * A short message at the bottom of the screen ("已保存", "可以离线使用了"), read out by screen readers
 * as a status (AppNotice renders it). One at a time: a new message replaces the previous one.
 */
export function showNotice(text: string, durationMs = 2500): void {
  message.value = text
  clearTimeout(timer)
  timer = setTimeout(() => {
    message.value = ''
  }, durationMs)
}

export function useNotice() {
  return { message: readonly(message) }
}
