import { createApp } from 'vue'
import 'element-plus/dist/index.css'
import App from './App.vue'
import { applyDocumentLocale, i18n } from './i18n'
import { router } from './router'
import { session } from './stores/session'
import './styles.css'

createApp(App).use(i18n).use(router).mount('#app')
applyDocumentLocale()
// Who is signed in (if anyone); pages stay public, the header follows the answer.
void session.refresh()
