/**
 * Client-side routes live in the address fragment (`#/runs/12`), so reloads and the host's
 * fallback to index.html need nothing more, and every link is a real <a href>.
 */
export const PAGES = ['runs', 'experiments', 'checkpoints', 'datasets', 'forgetting', 'study', 'compare', 'settings'] as const
export type PageName = (typeof PAGES)[number]

export type Route =
  | { page: PageName }
  | { page: 'run'; runId: number }
  | { page: 'experiment'; experimentId: number }
  | { page: 'experiment-new' }
  | { page: 'checkpoint'; checkpointId: number }
  | { page: 'forgetting-experiment'; experimentId: number }
  | { page: 'study-experiment'; experimentId: number }
  | { page: 'not-found'; hash: string }

type LinkRoute = Exclude<Route, { page: 'not-found' }>

export function parseRoute(hash: string): Route {
  // A query after the path (`#/compare?runs=1,2`) is the page's own state.
  const path = hash.replace(/^#\/?/, '').replace(/\?.*$/, '').replace(/\/+$/, '')
  if (path === '') return { page: 'runs' }
  const run = /^runs\/(\d+)$/.exec(path)
  if (run) return { page: 'run', runId: Number(run[1]) }
  const checkpoint = /^checkpoints\/(\d+)$/.exec(path)
  if (checkpoint) return { page: 'checkpoint', checkpointId: Number(checkpoint[1]) }
  const forgetting = /^forgetting\/(\d+)$/.exec(path)
  if (forgetting) return { page: 'forgetting-experiment', experimentId: Number(forgetting[1]) }
  const study = /^study\/(\d+)$/.exec(path)
  if (study) return { page: 'study-experiment', experimentId: Number(study[1]) }
  if (path === 'experiments/new') return { page: 'experiment-new' }
  const experiment = /^experiments\/(\d+)$/.exec(path)
  if (experiment) return { page: 'experiment', experimentId: Number(experiment[1]) }
  if ((PAGES as readonly string[]).includes(path)) return { page: path as PageName }
  return { page: 'not-found', hash }
}

export function hrefFor(route: LinkRoute): string {
  if (route.page === 'run') return `#/runs/${route.runId}`
  if (route.page === 'experiment') return `#/experiments/${route.experimentId}`
  if (route.page === 'experiment-new') return '#/experiments/new'
  if (route.page === 'checkpoint') return `#/checkpoints/${route.checkpointId}`
  if (route.page === 'forgetting-experiment') return `#/forgetting/${route.experimentId}`
  if (route.page === 'study-experiment') return `#/study/${route.experimentId}`
  return `#/${route.page}`
}

/** The navbar entry a route belongs to (a run's page belongs to Runs). */
export function sectionOf(route: Route): PageName | null {
  if (route.page === 'run') return 'runs'
  if (route.page === 'checkpoint') return 'checkpoints'
  if (route.page === 'forgetting-experiment') return 'forgetting'
  if (route.page === 'study-experiment') return 'study'
  if (route.page === 'experiment' || route.page === 'experiment-new') return 'experiments'
  if (route.page === 'not-found') return null
  return route.page
}
