// The phone's position for a sampling record (GPS, WGS-84). Asked when the page opens and again
// on demand; a refusal or a failure is stated, and the record is sent without a location.
import { onMounted, ref } from 'vue'
import type { Location } from '../../api/specimens'

export type LocationState = { kind: 'locating' } | { kind: 'fix'; at: Location } | { kind: 'none'; reason: string } | { kind: 'unsupported' }

export function useLocation() {
  const state = ref<LocationState>({ kind: 'locating' })

  function locate(): Promise<void> {
    if (typeof navigator === 'undefined' || !navigator.geolocation) {
      state.value = { kind: 'unsupported' }
      return Promise.resolve()
    }
    if (state.value.kind !== 'fix') state.value = { kind: 'locating' }
    return new Promise((resolve) => {
      navigator.geolocation.getCurrentPosition(
        (p) => {
          state.value = {
            kind: 'fix',
            at: {
              lat: Math.round(p.coords.latitude * 1e6) / 1e6,
              lng: Math.round(p.coords.longitude * 1e6) / 1e6,
              accuracy_m: Math.round(p.coords.accuracy),
            },
          }
          resolve()
        },
        (error) => {
          if (state.value.kind !== 'fix') state.value = { kind: 'none', reason: error.message || `code ${error.code}` }
          resolve()
        },
        { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
      )
    })
  }

  /** The position to record now: the last fix, or null. */
  function current(): Location | null {
    return state.value.kind === 'fix' ? { ...state.value.at } : null
  }

  onMounted(() => void locate())
  return { state, locate, current }
}
