/** The sender check, kept free of Electron imports so it is unit-tested without the binary. */
export interface SenderLike {
  sender: { id: number }
  senderFrame: { url: string; parent: unknown } | null
}

export function isTrustedSender(event: SenderLike, window: { id: number }): boolean {
  const frame = event.senderFrame
  if (!frame || frame.parent !== null) return false
  if (event.sender.id !== window.id) return false
  return isAppUrl(frame.url)
}

/** The app's own pages: the packaged file:// page, or the dev server on loopback. */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url)
    if (u.protocol === 'file:') return true
    return u.protocol === 'http:' && (u.hostname === 'localhost' || u.hostname === '127.0.0.1')
  } catch {
    return false
  }
}
