/**
 * Every failed call ends here: a red notification that says what failed and why, in the
 * server's own words (e.g. "Invalid input to runs.create: seed: …"). One notice per failed
 * call (`what`): a repeat replaces the earlier one instead of stacking, it leaves with its
 * page, and none is shown while the connection is down (notices.ts).
 */
import { showNotice } from './notices'

export function errorMessage(error: unknown): string {
  if (error instanceof Error && error.message) return error.message
  if (typeof error === 'string' && error) return error
  return 'Unknown error'
}

export function reportError(what: string, error: unknown): void {
  showNotice({
    id: `error:${what}`,
    error: true,
    color: 'red',
    title: `Could not ${what}`,
    message: errorMessage(error),
    autoClose: 10_000,
  })
}
