/**
 * Reading a file a user wants to import, as text, with the checks every format shares. Each
 * failure names the file and, where there is one, the line, so the user can fix the file:
 * empty files, UTF-16 (by its byte-order mark), bytes that are not UTF-8, NUL bytes (binary
 * files, or UTF-16 without a mark) and lines over 1 MB (almost always a broken export).
 */
import { AppError } from '../errors'
import { readSourceBytes, type ReadLimits } from './read-source'

export const MAX_LINE_BYTES = 1 << 20

export interface SourceText {
  /** UTF-8 decoded, byte-order mark removed, CRLF and lone CR turned into LF. */
  text: string
  bytes: number
  /** Of the file as it was, before decoding. */
  sha256: string
}

const bad = (message: string) => new AppError('BAD_REQUEST', message)
const decoder = new TextDecoder('utf-8', { fatal: true })

export async function readSourceText(file: string, limits: ReadLimits = {}): Promise<SourceText> {
  const source = await readSourceBytes(file, limits)
  return { text: decodeSource(source.data, file), bytes: source.bytes, sha256: source.sha256 }
}

export function decodeSource(data: Uint8Array, file: string): string {
  if (data.length === 0) throw bad(`${file} is empty.`)
  if ((data[0] === 0xff && data[1] === 0xfe) || (data[0] === 0xfe && data[1] === 0xff))
    throw bad(`${file} is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8.`)
  const start = data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf ? 3 : 0
  // Line by line: 0x0A never occurs inside a multi-byte UTF-8 sequence, so splitting on it
  // cannot cut a character, and a failure is pinned to its line.
  const parts: string[] = []
  for (let pos = start, line = 1; pos <= data.length; line++) {
    let end = data.indexOf(0x0a, pos)
    if (end < 0) end = data.length
    const bytes = data.subarray(pos, end)
    if (bytes.length > MAX_LINE_BYTES)
      throw bad(`${file}, line ${line}: the line is ${(bytes.length / 2 ** 20).toFixed(1)} MB, over the 1 MB limit; is this a text file with one record per line?`)
    if (bytes.indexOf(0) >= 0) throw bad(`${file}, line ${line}: contains a NUL byte; this looks like a binary or UTF-16 file, not UTF-8 text.`)
    try {
      parts.push(decoder.decode(bytes))
    } catch {
      throw bad(`${file}, line ${line}: not valid UTF-8 (a Latin-1 or Windows-1252 file?); save the file as UTF-8.`)
    }
    pos = end + 1
  }
  const text = parts.join('\n').replace(/\r\n?/g, '\n')
  if (text.trim().length === 0) throw bad(`${file} has only blank space.`)
  return text
}
