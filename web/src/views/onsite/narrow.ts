// Phones: the on-site pages' facts in one column.
import { onBeforeUnmount, ref } from 'vue'

export function useNarrow(query = '(max-width: 768px)') {
  const media = window.matchMedia(query)
  const narrow = ref(media.matches)
  const changed = (e: MediaQueryListEvent) => (narrow.value = e.matches)
  media.addEventListener('change', changed)
  onBeforeUnmount(() => media.removeEventListener('change', changed))
  return narrow
}
