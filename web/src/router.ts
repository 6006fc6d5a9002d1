import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { MODULES } from './modules'

const comingSoon: RouteRecordRaw[] = MODULES.filter((m) => !m.ready).map((m) => ({
  // Sub-paths (deep links such as /supervision/cases) land on the module's placeholder too.
  path: `${m.path}/:rest(.*)*`,
  name: m.key,
  component: () => import('./views/coming-soon/ComingSoonView.vue'),
  props: { module: m.key },
}))

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', name: 'overview', component: () => import('./views/overview/OverviewView.vue') },
    // Outside the main layout (App.vue shows views with meta.bare on their own).
    { path: '/login', name: 'login', component: () => import('./views/login/LoginView.vue'), meta: { bare: true } },
    { path: '/docs', name: 'apiDocs', component: () => import('./views/api-docs/ApiDocsView.vue') },
    ...comingSoon,
    { path: '/:pathMatch(.*)*', name: 'notFound', component: () => import('./views/not-found/NotFoundView.vue') },
  ],
})

declare module 'vue-router' {
  interface RouteMeta {
    /** Shown without the main layout (header and side menu), e.g. the login page. */
    bare?: boolean
  }
}
