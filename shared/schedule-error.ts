import { formatPath } from './validation-error'

/** A schedule that parses but cannot be expanded, with the field at fault (`branches[0].from.steps[1]`). */
export class ScheduleError extends Error {
  constructor(
    readonly path: (string | number)[],
    /** What is wrong, without the path. */
    readonly reason: string,
  ) {
    super(`${formatPath(path)}: ${reason}`)
    this.name = 'ScheduleError'
  }
}
