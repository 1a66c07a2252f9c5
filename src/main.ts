import { createApp, watch } from 'vue'
import { createPinia } from 'pinia'
import { useRegisterSW } from 'virtual:pwa-register/vue'
import App from './App.vue'
import { createAppI18n, loadLocale, type Locale } from './i18n'
import { createAppRouter } from './router'
import { SESSION_DEPENDENCIES, useSessionStore } from './stores/session'
import { defaultAuthService } from './data/auth'
import { onStoredUserChange } from './data/storedSession'
import { PWA_REGISTER } from './composables/usePwaUpdate'
import './styles/app.css'

const app = createApp(App)
const i18n = createAppI18n()
document.documentElement.lang = i18n.global.locale.value
// Chinese is built in; a phone set to English fetches its words before the first screen.
const wordsReady = loadLocale(i18n.global, i18n.global.locale.value as Locale)

app.use(createPinia())
app.use(i18n)
app.provide(SESSION_DEPENDENCIES, {
  auth: defaultAuthService(),
  // Loaded on demand: IndexedDB and the dialog are not needed to draw the first screen.
  pendingWork: async () => {
    const [{ appDatabase }, { changeRepository }] = await Promise.all([import('./data/db'), import('./data/repositories/changes')])
    return changeRepository(appDatabase()).counts()
  },
  confirmSignOut: async (work) => (await import('./features/me/confirmSignOut')).confirmSignOut(work, i18n.global.t),
})
app.provide(PWA_REGISTER, useRegisterSW)

const session = useSessionStore()
const router = createAppRouter(session)
app.use(router)
void session.restore()
// The first screen may be drawn from the saved profile; if the server then ends the session, leave.
watch(
  () => session.status,
  (status) => {
    if (status === 'signed-out' && !router.currentRoute.value.meta.public) void router.replace({ name: 'login' })
  },
)
void wordsReady.finally(() => app.mount('#app'))
// Another tab signed in as someone else, or out: this page's data and queued writes belong to the
// previous login's database, so start afresh rather than write under the wrong person.
onStoredUserChange(() => session.profile?.user_id ?? null, () => window.location.reload())
