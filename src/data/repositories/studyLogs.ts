import { tableRepository, type RepositoryContext } from './table'

/** Personal study logs (学习). */
export function studyLogRepository(ctx: RepositoryContext) {
  const logs = tableRepository(ctx, 'study_logs')
  return { ...logs, ofBranch: (branchId: string) => logs.where('branch_id', branchId) }
}
