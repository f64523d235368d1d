/**
 * Every failed call ends here: a red notification that says what failed and why, in the
 * server's own words (e.g. "Invalid input to runs.create: seed: …"). Repeats of the same
 * failure replace the earlier notification instead of stacking.
 */
import { notifications } from '@mantine/notifications'

export function errorMessage(error: unknown): string {
  if (error instanceof Error && error.message) return error.message
  if (typeof error === 'string' && error) return error
  return 'Unknown error'
}

export function reportError(what: string, error: unknown): void {
  const message = errorMessage(error)
  notifications.show({
    id: `error:${what}:${message}`,
    color: 'red',
    title: `Could not ${what}`,
    message,
    autoClose: 10_000,
  })
}
