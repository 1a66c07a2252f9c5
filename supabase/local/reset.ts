import { existsSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { resolve } from 'node:path'

// `npm run db:reset`: throw away the local backend's data; the next `npm run dev` rebuilds it
// from the migrations and the seed.
const dataRoot = resolve(process.cwd(), '.data')
if (existsSync(dataRoot)) {
  await rm(dataRoot, { recursive: true, force: true })
  console.log(`Deleted ${dataRoot}. The next start rebuilds the local database from supabase/migrations and supabase/seed.sql.`)
} else {
  console.log(`Nothing to delete: ${dataRoot} does not exist.`)
}
