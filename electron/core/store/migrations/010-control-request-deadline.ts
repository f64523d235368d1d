/**
 * A reader's control request (pause, resume, cancel) carries the time past which it must not
 * be applied, and a request can end expired instead of answered. A reader waits 5 s for the
 * owner's answer and then tells its user the request failed; without these columns an owner
 * that was busy for longer applied it later anyway, so the user's answer was wrong. Now either
 * the owner answers before the deadline or the request expires, decided by one SQL UPDATE on
 * each side (control-requests.ts). A wake has no deadline (NULL): no one waits on it.
 */
export const sql = /* sql */ `
ALTER TABLE control_requests ADD COLUMN deadline INTEGER;
ALTER TABLE control_requests ADD COLUMN expired_at INTEGER CHECK (expired_at IS NULL OR handled_at IS NULL);
`
