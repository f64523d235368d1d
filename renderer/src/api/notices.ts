/**
 * The one way the renderer shows a notification. Every notice has an id, and a notice shown
 * again with the same id replaces the one on screen instead of stacking. Error notices belong
 * to the page they were shown on and leave with it. While the connection is down, the
 * connection notice alone speaks: errors of the calls failing with it are not shown, and
 * those that arrived just before it (the socket rejects its pending calls before it reports
 * the close) are taken away.
 */
import { notifications, notificationsStore, type NotificationData } from '@mantine/notifications'

export interface Notice extends NotificationData {
  id: string
  /** A failure: suppressed while the connection is down, and removed when the page changes. */
  error?: boolean
}

let connectionDown = false
/** The route each error notice on screen was shown on. */
const errorsOn = new Map<string, string>()
let route = ''

const onScreen = (id: string) => {
  const state = notificationsStore.getState()
  return state.notifications.some((n) => n.id === id) || state.queue.some((n) => n.id === id)
}

export function showNotice(notice: Notice): void {
  if (notice.error && connectionDown) return
  const onClose = (n: NotificationData) => {
    errorsOn.delete(notice.id)
    notice.onClose?.(n)
  }
  if (onScreen(notice.id)) notifications.update({ ...notice, onClose })
  else notifications.show({ ...notice, onClose })
  if (notice.error) errorsOn.set(notice.id, route)
}

export function hideNotice(id: string): void {
  notifications.hide(id)
}

/** The connection went down (or came back): while down, errors are the connection notice's to tell. */
export function setConnectionDown(down: boolean): void {
  connectionDown = down
  if (down) for (const id of [...errorsOn.keys()]) notifications.hide(id)
}

/** A new page: the errors of the one before leave with it. */
export function setRoute(next: string): void {
  if (next === route) return
  route = next
  for (const [id, shownOn] of [...errorsOn]) if (shownOn !== next) notifications.hide(id)
}
