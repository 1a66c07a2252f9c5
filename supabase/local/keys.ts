/**
 * Keys of the embedded local backend. They only protect a developer's own machine: the local
 * backend is never deployed, and a real Supabase project has its own secret and keys
 * (VITE_SUPABASE_URL / VITE_SUPABASE_ANON_KEY).
 */

/** HS256 secret that signs every token of the local backend. */
export const LOCAL_JWT_SECRET = 'zhibu-local-development-jwt-secret-never-use-in-production'

/** Issuer written into the local API keys. */
export const LOCAL_KEY_ISSUER = 'zhibu-local'

/** Issued-at and expiry of the API keys (2026-01-01 and 2046-01-01, UTC). */
export const LOCAL_KEY_IAT = 1767225600
export const LOCAL_KEY_EXP = 2398377600

/** `{ iss, role: 'anon', iat, exp }` signed with LOCAL_JWT_SECRET (tests check that it verifies). */
export const LOCAL_ANON_KEY =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJ6aGlidS1sb2NhbCIsInJvbGUiOiJhbm9uIiwiaWF0IjoxNzY3MjI1NjAwLCJleHAiOjIzOTgzNzc2MDB9.dGS2KgkSe2HZqCyV9qMgt4enipRWBKZcD_yKO9In2sU'

/** `{ iss, role: 'service_role', iat, exp }` signed with LOCAL_JWT_SECRET. Bypasses RLS: tests only. */
export const LOCAL_SERVICE_KEY =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJ6aGlidS1sb2NhbCIsInJvbGUiOiJzZXJ2aWNlX3JvbGUiLCJpYXQiOjE3NjcyMjU2MDAsImV4cCI6MjM5ODM3NzYwMH0.ADe4cEdakagKak4y-KdAw7NKJ-1EaJhb6g6bwZbfSvk'
