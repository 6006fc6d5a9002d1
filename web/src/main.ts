import { createApp } from 'vue'
import 'element-plus/dist/index.css'
import App from './App.vue'
import { setSessionProblemHandler } from './api/client'
import { applyDocumentLocale, i18n } from './i18n'
import { router } from './router'
import { session } from './stores/session'
import './styles.css'

// A call refused because the session must first change its password or enrol TOTP, or has
// ended: learn the session's state again and let the router guard send the user where it fits.
setSessionProblemHandler((code) => {
  const here = router.currentRoute.value
  if (code === 'unauthenticated') {
    session.forget()
    if (here.meta.signedIn || here.meta.roles) void router.replace({ path: '/login', query: { redirect: here.fullPath } })
    return
  }
  void session
    .refresh()
    .then(() => router.replace({ path: here.path, query: here.query, hash: here.hash, force: true }))
})

// Who is signed in (if anyone): the router guard waits for the answer before the first page.
void session.ready()
createApp(App).use(i18n).use(router).mount('#app')
applyDocumentLocale()
