/**
 * A name that keeps both ends when it does not fit: "qa from step 1… · replay 5% · seed 1"
 * truncates its beginning half, never its end, and shows the full text on hover. Pure CSS
 * (a shrinking head with an ellipsis, a tail that does not shrink), so a table lays it out
 * with no measuring.
 */
import type { CSSProperties } from 'react'

/** Where to cut: at the space nearest the middle, so the tail starts on a word. */
export function splitForMiddle(text: string): [string, string] {
  if (text.length < 12) return [text, '']
  const middle = Math.floor(text.length / 2)
  let cut = middle
  for (let d = 0; d < middle / 2; d++) {
    if (text[middle + d] === ' ') {
      cut = middle + d
      break
    }
    if (text[middle - d] === ' ') {
      cut = middle - d
      break
    }
  }
  return [text.slice(0, cut), text.slice(cut)]
}

const row: CSSProperties = { position: 'relative', display: 'inline-flex', maxWidth: '100%', minWidth: 0, whiteSpace: 'pre', verticalAlign: 'bottom' }
const head: CSSProperties = { overflow: 'hidden', textOverflow: 'ellipsis', flex: '0 1 auto', minWidth: '1.5em' }
const tail: CSSProperties = { flex: '0 0 auto', overflow: 'hidden', textOverflow: 'ellipsis', maxWidth: '70%' }

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
