/**
 * Text from the host that marks commands with backticks ("Install it with `npm install x`"):
 * the marked parts render as code, the backticks themselves never show.
 */
import { Code } from '@mantine/core'

export function CodeText({ text }: { text: string }) {
  const parts = text.split('`')
  // An odd count of backticks leaves the last one unpaired: it is shown as typed.
  if (parts.length % 2 === 0) return <>{text}</>
  return (
    <>
      {parts.map((part, i) => (i % 2 === 1 ? <Code key={i}>{part}</Code> : part))}
    </>
  )
}
