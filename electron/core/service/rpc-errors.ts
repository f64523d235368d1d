/**
 * How errors leave the service, whatever the transport: bad payloads become BAD_REQUEST with
 * each offending field named; expected failures keep their code and message; anything else
 * is a bug, logged here with its context and sent as a generic internal error.
 */
import { ORPCError, ValidationError } from '@orpc/server'
import { describeIssues, toFieldIssues } from '../../../shared/validation-error'
import { AppError } from '../errors'

export function toRpcError(error: unknown, path: readonly string[]): ORPCError<string, unknown> | undefined {
  if (error instanceof ORPCError && error.cause instanceof ValidationError) {
    const issues = toFieldIssues(error.cause.issues)
    if (error.code === 'BAD_REQUEST') {
      return new ORPCError('BAD_REQUEST', {
        message: `Invalid input to ${path.join('.')}: ${describeIssues(issues)}`,
        data: { issues },
        cause: error.cause,
      })
    }
    console.error(`[continuum] ${path.join('.')} produced an invalid response:`, describeIssues(issues))
    return undefined
  }
  if (error instanceof AppError) {
    return new ORPCError(error.code, { message: error.message, data: error.data ?? {}, cause: error })
  }
  if (!(error instanceof ORPCError)) console.error(`[continuum] ${path.join('.')} failed:`, error)
  return undefined
}

/** For a handler's `clientInterceptors`, which see each procedure's path. */
export async function rpcErrorInterceptor<T>(options: { path: readonly string[]; next(): Promise<T> }): Promise<T> {
  try {
    return await options.next()
  } catch (error) {
    throw toRpcError(error, options.path) ?? error
  }
}
