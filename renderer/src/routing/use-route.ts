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

/** The current address's query, with its "?" (or ""): kept when a page moves to another id. */
export function currentQuery(): string {
  const hash = window.location.hash
  const at = hash.indexOf('?')
  return at < 0 ? '' : hash.slice(at)
}

/** Moves to `hash` in place of the current history entry (a default made explicit, not a visit). */
export function replaceRoute(hash: string): void {
  if (window.location.hash === hash) return
  history.replaceState(null, '', hash)
  // replaceState fires nothing; the route hook listens for hashchange.
  window.dispatchEvent(new HashChangeEvent('hashchange'))
}
