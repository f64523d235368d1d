import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A fresh folder under the OS temp dir, removed by the returned cleanup. */
export function tempDir(prefix = 'continuum-test-'): { path: string; cleanup(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix))
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) }
}

/** A stand-in renderer folder for host tests that do not need the real build. */
export function fakeRenderer(dir: string): string {
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Continuum test</title>')
  return dir
}
