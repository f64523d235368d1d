/**
 * Which paths a client of the contract may name. The CLI trusts its user; the app takes paths
 * only from its own file dialog; `npm run serve`, reachable by anything holding the token,
 * lets a client read (import) and write (checkpoint export) only inside allowed roots: the
 * data folder and every `--allow-dir`. Paths are resolved through symlinks before the check,
 * so a link inside a root cannot lead out of it. A refusal reads the same whether or not the
 * file exists, and never shows any of its content.
 */
import { realpathSync } from 'node:fs'
import { realpath } from 'node:fs/promises'
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import { AppError } from '../errors'

export interface PathPolicy {
  /** Real (symlink-free) absolute folders. */
  roots: readonly string[]
}

export function pathPolicy(folders: readonly string[]): PathPolicy {
  const roots: string[] = []
  for (const f of folders) {
    try {
      roots.push(realpathSync(resolve(f)))
    } catch {
      throw new AppError('BAD_REQUEST', `--allow-dir ${f}: no such folder.`)
    }
  }
  return { roots }
}

const inside = (root: string, path: string) => {
  const rel = relative(root, path)
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel))
}

function checkSyntax(path: string): void {
  if (path.includes('\0')) throw new AppError('BAD_REQUEST', 'A path must not contain a NUL byte.')
  if (!isAbsolute(path)) throw new AppError('BAD_REQUEST', `"${path}" is not an absolute path; relative paths would depend on where the server was started.`)
}

function refused(path: string, policy: PathPolicy): AppError {
  return new AppError(
    'FORBIDDEN',
    `${path} is not a file this server may read: it does not exist or is outside the allowed folders (${policy.roots.join(', ')}); start \`npm run serve\` with --allow-dir <folder> to allow another.`,
  )
}

/** A file to read: its real path, inside a root. Null policy: any path (the CLI). */
export async function readablePath(policy: PathPolicy | null, path: string): Promise<string> {
  checkSyntax(path)
  if (!policy) return path
  let real: string
  try {
    real = await realpath(path)
  } catch {
    throw refused(path, policy)
  }
  if (!policy.roots.some((r) => inside(r, real))) throw refused(path, policy)
  return real
}

/** A folder to write into, which may not exist yet: its nearest existing ancestor's real path decides. */
export async function writablePath(policy: PathPolicy | null, path: string): Promise<string> {
  checkSyntax(path)
  if (!policy) return path
  let existing = resolve(path)
  const rest: string[] = []
  for (;;) {
    try {
      const real = join(await realpath(existing), ...rest)
      if (!policy.roots.some((r) => inside(r, real)))
        throw new AppError('FORBIDDEN', `${path} is outside the folders this server may write to (${policy.roots.join(', ')}); start \`npm run serve\` with --allow-dir <folder> to allow another.`)
      return real
    } catch (e) {
      if (e instanceof AppError) throw e
      const parent = dirname(existing)
      if (parent === existing) throw new AppError('FORBIDDEN', `${path} is outside the folders this server may write to.`)
      rest.unshift(existing.slice(parent.length).replace(/^[/\\]/, ''))
      existing = parent
    }
  }
}
