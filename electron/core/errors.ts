/**
 * Expected failures: things a user can act on (bad input, missing row, a database from a
 * newer Continuum). They carry a code the transports map to a typed RPC error. Anything
 * else thrown is a bug and is logged with its context.
 */
/** CLUSTER: a cluster's scheduler (Slurm) refused or failed a command; the message is its own. */
export type AppErrorCode = 'BAD_REQUEST' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'UNSUPPORTED' | 'IO' | 'CLUSTER'

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly data?: Record<string, unknown>,
  ) {
    super(message)
    this.name = 'AppError'
  }
}

export const notFound = (what: string, id: number | string): AppError =>
  new AppError('NOT_FOUND', `${what} ${id} does not exist`)
