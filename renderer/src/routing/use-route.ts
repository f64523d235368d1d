import { useSyncExternalStore } from 'react'
import { parseRoute, type Route } from './routes'

function subscribe(listener: () => void): () => void {
  window.addEventListener('hashchange', listener)
  return () => window.removeEventListener('hashchange', listener)
}

const getHash = () => window.location.hash

/** The current route, re-rendered on every fragment change (links, back and forward). */
export function useRoute(): Route {
  return parseRoute(useSyncExternalStore(subscribe, getHash))
}

export function navigate(hash: string): void {
  window.location.hash = hash
}
