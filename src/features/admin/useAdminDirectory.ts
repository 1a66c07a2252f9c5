import { shallowRef } from 'vue'
import type { AdminProblem } from '@/data/repositories/admin'
import type { Directory } from '@/domain/admin'
import { useRepositories } from '@/composables/useRepositories'

/** The directory (branches, invite codes, people and their roles) from the server, reloadable. */
export function useAdminDirectory() {
  const { admin } = useRepositories()
  const directory = shallowRef<Directory | null>(null)
  const problem = shallowRef<AdminProblem | null>(null)
  const loading = shallowRef(true)

  async function reload(): Promise<void> {
    loading.value = true
    const result = await admin.directory()
    loading.value = false
    if (result.ok) {
      directory.value = result.value
      problem.value = null
    } else {
      problem.value = result.problem
    }
  }
  void reload()

  const branchName = (id: string | null) => directory.value?.branches.find((b) => b.id === id)?.name ?? null
  return { directory, problem, loading, reload, branchName, admin }
}
