import { describe, expect, test } from 'vitest'
import { mount } from '@vue/test-utils'
import { defineComponent, ref } from 'vue'
import AppTextCounter from '@/components/AppTextCounter.vue'
import type { Locale } from '@/i18n'
import { createAppI18n } from '../helpers/i18n'

/** A form holding the field's value, as a page would. */
function mountCounter(initial: string, max = 500, locale: Locale = 'zh-CN') {
  const note = ref(initial)
  const Form = defineComponent({
    components: { AppTextCounter },
    setup: () => ({ note, max }),
    template: '<AppTextCounter id="note" v-model="note" :max="max" label="备注" />',
  })
  const wrapper = mount(Form, { global: { plugins: [createAppI18n(locale)] } })
  return { wrapper, note }
}

const textarea = (wrapper: ReturnType<typeof mountCounter>['wrapper']) => wrapper.get('textarea').element as HTMLTextAreaElement

describe('AppTextCounter', () => {
  test('should keep a 10,000-character value whole and say it is over the limit', async () => {
    const long = '记'.repeat(10_000)
    const { wrapper, note } = mountCounter(long)
    expect(textarea(wrapper).value).toHaveLength(10_000)
    expect(note.value).toBe(long)
    expect(wrapper.get('[data-testid="text-counter"]').text()).toBe('10000 / 500')
    expect(wrapper.get('.van-field__error-message').text()).toBe('内容过长：最多 500 个字，现在 10000 个字')
    expect(wrapper.get('textarea').attributes('maxlength')).toBeUndefined()
  })

  test('should keep typed text whole when it grows past the limit', async () => {
    const { wrapper, note } = mountCounter('')
    const typed = `${'一'.repeat(500)}二三`
    await wrapper.get('textarea').setValue(typed)
    expect(note.value).toBe(typed)
    expect(textarea(wrapper).value).toBe(typed)
    expect(wrapper.get('[data-testid="text-counter"]').text()).toBe('502 / 500')
    expect(wrapper.find('.app-text-counter--over').exists()).toBe(true)
  })

  test('should count characters as a person sees them and show no error within the limit', async () => {
    const { wrapper } = mountCounter('👍学习', 3)
    expect(wrapper.get('[data-testid="text-counter"]').text()).toBe('3 / 3')
    expect(wrapper.find('.van-field__error-message').exists()).toBe(false)
    expect(wrapper.find('.app-text-counter--over').exists()).toBe(false)
  })

  test('should word the counter and the error in English', async () => {
    const { wrapper } = mountCounter('x'.repeat(12), 10, 'en')
    expect(wrapper.get('[data-testid="text-counter"]').attributes('aria-label')).toBe('12 of at most 10 characters')
    expect(wrapper.get('.van-field__error-message').text()).toBe('Too long: at most 10 characters, now 12')
  })
})
