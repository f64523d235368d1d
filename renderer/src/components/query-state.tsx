/**
 * The four states of data from a query, in one place: loading (skeleton rows), failed (the
 * error with a retry), empty (what to do next), or the data. A query that already answered
 * keeps showing its data while it refetches, and shows its error only when it has no data.
 */
import type { ReactNode } from 'react'
import { LoadingRows } from './loading-rows'
import { QueryError } from './query-error'

export interface QuerySource<T> {
  data: T | undefined
  error: Error | undefined
  refetch(): void
}

export interface QueryStateProps<T> {
  query: QuerySource<T>
  /** What failed, after "Could not": "load the runs". */
  what: string
  /** Skeleton rows while loading. */
  rows?: number
  /** Shown instead of `children` when `isEmpty` says the data holds nothing to show. */
  empty?: ReactNode
  isEmpty?: (data: T) => boolean
  /** Wraps the loading and error states (e.g. padding inside a flush card). */
  frame?: (node: ReactNode) => ReactNode
  children: (data: T) => ReactNode
}

export function QueryState<T>({ query, what, rows = 4, empty, isEmpty, frame = (node) => node, children }: QueryStateProps<T>) {
  const { data, error, refetch } = query
  if (data === undefined) return frame(error ? <QueryError what={what} error={error} onRetry={refetch} /> : <LoadingRows rows={rows} />)
  if (isEmpty?.(data)) return empty ?? null
  return children(data)
}
