/** `window.__continuumStudy`: for the e2e tests, the findings on the Study page and which figures have drawn. */
import type { Finding } from '../../../shared/findings'

declare global {
  interface Window {
    __continuumStudy?: { findings: Finding[]; drawn: string[] }
  }
}

export function publishFindings(findings: Finding[], drawn: Iterable<string>): void {
  window.__continuumStudy = { findings, drawn: [...drawn] }
}

export function publishDrawn(drawn: Iterable<string>): void {
  if (window.__continuumStudy) window.__continuumStudy.drawn = [...drawn]
}
