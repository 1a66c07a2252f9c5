import { inject, type InjectionKey } from 'vue'
import type { Repositories } from '@/data/repositories'
import { appRepositories } from '@/data/repositories/app'

/** Where features get their data access; tests provide repositories on their own database. */
export const REPOSITORIES: InjectionKey<Repositories> = Symbol('repositories')

/** The provided repositories, else those of the signed-in login's device database. */
export function useRepositories(): Repositories {
  return inject(REPOSITORIES, null) ?? appRepositories()
}
