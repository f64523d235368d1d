/** Which links the app hands to the system browser: https only, never file:, javascript: or custom schemes. */
export function safeExternalUrl(url: string): string | null {
  try {
    const u = new URL(url)
    return u.protocol === 'https:' && u.username === '' && u.password === '' ? u.toString() : null
  } catch {
    return null
  }
}
