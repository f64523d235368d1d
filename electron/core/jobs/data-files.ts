/**
 * Reading a job's data files in the worker. Files reach the worker already imported, but a
 * worker trusts nothing: a bad line is reported with its number and nothing is trained.
 */
import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import { AppError } from '../errors'

const TaskLine = z.object({ prompt: z.string(), completion: z.string().min(1, 'must not be empty') })
export type TaskLine = z.infer<typeof TaskLine>

const decoder = new TextDecoder('utf-8', { fatal: true })

async function readText(path: string, what: string): Promise<string> {
  let bytes: Buffer
  try {
    bytes = await readFile(path)
  } catch (error) {
    throw new AppError('IO', `Cannot read the ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`)
  }
  try {
    return decoder.decode(bytes)
  } catch {
    throw new AppError('BAD_REQUEST', `The ${what} ${path} is not valid UTF-8.`)
  }
}

export async function readCorpus(path: string): Promise<string> {
  const text = await readText(path, 'corpus')
  if (text.trim().length === 0) throw new AppError('BAD_REQUEST', `The corpus ${path} is empty.`)
  return text
}

export async function readTaskFile(path: string): Promise<TaskLine[]> {
  const text = await readText(path, 'task file')
  const out: TaskLine[] = []
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return
    let json: unknown
    try {
      json = JSON.parse(line)
    } catch {
      throw new AppError('BAD_REQUEST', `${path}, line ${i + 1}: not valid JSON.`)
    }
    const parsed = TaskLine.safeParse(json)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!
      throw new AppError('BAD_REQUEST', `${path}, line ${i + 1}: ${issue.path.join('.') || 'line'}: ${issue.message}.`)
    }
    out.push(parsed.data)
  })
  if (out.length === 0) throw new AppError('BAD_REQUEST', `The task file ${path} has no examples.`)
  return out
}
