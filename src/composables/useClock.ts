import { inject, type InjectionKey } from 'vue'

export type Clock = () => Date

/** Tests provide a fixed clock under this key. */
export const CLOCK: InjectionKey<Clock> = Symbol('clock')

export function useClock(): Clock {
  return inject(CLOCK, () => new Date())
}
