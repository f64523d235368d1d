/**
 * A name that keeps both ends when it does not fit: "qa from step 1… · replay 5% · seed 1"
 * truncates its beginning half, never its end, and shows the full text on hover. Pure CSS
 * (a shrinking head with an ellipsis, a tail that does not shrink), so a table lays it out
 * with no measuring.
 */
import type { CSSProperties } from 'react'

/**
 * Where to cut: at the first space from 55% of the way on (else the last before it), so the
 * tail starts on a word and holds the end that tells names apart ("… 25% · seed 11").
 */
export function splitForMiddle(text: string): [string, string] {
  if (text.length < 12) return [text, '']
  const from = Math.floor(text.length * 0.55)
  let cut = text.indexOf(' ', from)
  if (cut < 0 || cut >= text.length - 1) cut = text.lastIndexOf(' ', from)
  if (cut <= 0) cut = from
  return [text.slice(0, cut), text.slice(cut)]
}

const row: CSSProperties = { position: 'relative', display: 'inline-flex', maxWidth: '100%', minWidth: 0, whiteSpace: 'pre', verticalAlign: 'bottom' }
// The head gives way first (its shrink factor dwarfs the tail's) down to a letter and the
// ellipsis; only then does the tail, at its end, when even it does not fit.
const head: CSSProperties = { overflow: 'hidden', textOverflow: 'ellipsis', flex: '0 10000 auto', minWidth: '1.6em' }
const tail: CSSProperties = { overflow: 'hidden', textOverflow: 'ellipsis', flex: '0 1 auto', minWidth: 0 }

const hidden: CSSProperties = { position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap' }

export function MiddleTruncate({ text, title = text }: { text: string; title?: string }) {
  const [a, b] = splitForMiddle(text)
  return (
    <span style={row} title={title} data-testid="middle-truncate">
      {/* Two flex items read as two words to a screen reader ("gpt-s-p retrain"): the full text is read instead. */}
      <span style={head} aria-hidden>
        {a}
      </span>
      {b && (
        <span style={tail} aria-hidden>
          {b}
        </span>
      )}
      <span style={hidden}>{text}</span>
    </span>
  )
}
