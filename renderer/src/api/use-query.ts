/**
 * A small data hook for contract calls: fetches when `key` changes, keeps showing the last
 * data while a new key loads (no flashing while you type a search), reports failures once
 * through a notification, and offers a throttled `refetch` for live updates.
 */
import { useEffect, useEffectEvent, useState } from 'react'
import { useThrottledCallback } from '@mantine/hooks'
import { reportError } from './report-error'

export interface QueryResult<T> {
  data: T | undefined
  error: Error | undefined
  /** True until the first answer for the current key arrives. */
  loading: boolean
  /** Refetches at most once per `throttleMs` (leading and trailing). */
  refetch(): void
}

interface State<T> {
  /** The key of the last answer, data or error. */
  key: string
  /** The key `data` belongs to. */
  dataKey?: string
  data?: T
  error?: Error
}

export function useQuery<T>(
  what: string,
  key: string,
  fetcher: () => Promise<T>,
  options: { throttleMs?: number; keepPreviousData?: boolean } = {},
): QueryResult<T> {
  const [state, setState] = useState<State<T>>({ key: '\u0000' })
  const [version, setVersion] = useState(0)
  const fetch = useEffectEvent(fetcher)

  useEffect(() => {
    let current = true
    fetch().then(
      (data) => {
        if (current) setState({ key, dataKey: key, data })
      },
      (error: unknown) => {
        if (!current) return
        // With the connection gone every call fails: the notice layer leaves it to the connection notice.
        reportError(what, error)
        const reason = error instanceof Error ? error : new Error(String(error))
        setState((previous) => ({ ...previous, key, error: reason }))
      },
    )
    return () => {
      current = false
    }
  }, [what, key, version])

  const refetch = useThrottledCallback(() => setVersion((v) => v + 1), options.throttleMs ?? 750)

  const fresh = state.dataKey === key
  return {
    data: fresh || options.keepPreviousData ? state.data : undefined,
    error: state.key === key ? state.error : undefined,
    loading: state.key !== key,
    refetch,
  }
}
