import { connect } from 'node:net'

export interface RawAnswer {
  status: number
  headers: Map<string, string>
  body: string
}

/**
 * Sends bytes to the host exactly as given (no client-side URL normalisation, like
 * `curl --path-as-is`) and reads the whole answer until the host closes the connection.
 */
export function rawRequest(port: number, request: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    const chunks: Buffer[] = []
    socket.on('data', (chunk) => chunks.push(chunk))
    socket.on('error', reject)
    // A host that stopped answering (the crash this guards against) fails the test in 5 s, not at the test timeout.
    socket.setTimeout(5000, () => socket.destroy(new Error('the host did not answer within 5 s')))
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1')
      const [head = '', ...rest] = text.split('\r\n\r\n')
      const [statusLine = '', ...lines] = head.split('\r\n')
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine)?.[1] ?? 0)
      const headers = new Map(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]))
      resolve({ status, headers, body: rest.join('\r\n\r\n') })
    })
    socket.write(request)
  })
}

/** A GET of `path` sent as is, with a loopback Host header for `port`. */
export const rawGet = (port: number, path: string, extra = ''): Promise<RawAnswer> =>
  rawRequest(port, `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n${extra}Connection: close\r\n\r\n`)
