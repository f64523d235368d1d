/**
 * The tasks a worker evaluates on, from its plan: the suite's, picked by id, and imported
 * ones, read from their definition files. A worker trusts no file: a definition that does not
 * parse is a BAD_REQUEST naming the file and the field.
 */
import { readFile } from 'node:fs/promises'
import type { EvalJobPlan } from '../../../shared'
import { TaskDefinition } from '../../../shared/schemas/task'
import { AppError } from '../errors'
import { loadSuite } from '../tasks'
import { pickTasks } from './evaluate'

export async function readTaskDefinition(path: string): Promise<TaskDefinition> {
  let json: unknown
  try {
    json = JSON.parse(await readFile(path, 'utf8'))
  } catch (error) {
    throw new AppError('IO', `Cannot read the task definition ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`)
  }
  const parsed = TaskDefinition.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw new AppError('BAD_REQUEST', `The task definition ${path} is invalid: ${issue.path.join('.') || 'file'}: ${issue.message}.`)
  }
  return parsed.data
}

export async function loadEvalTasks(plan: Pick<EvalJobPlan, 'suiteDir' | 'tasks' | 'taskFiles'>): Promise<TaskDefinition[]> {
  const suite = plan.suiteDir ? pickTasks((await loadSuite(plan.suiteDir)).tasks, plan.tasks) : []
  const imported = await Promise.all(plan.taskFiles.map(readTaskDefinition))
  return [...suite, ...imported]
}
