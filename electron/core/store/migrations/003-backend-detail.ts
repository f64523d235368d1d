/** Why a run trains on the backend it does: SIMD, threads, and each better backend's reason for being unavailable. */
export const sql = /* sql */ `
ALTER TABLE runs ADD COLUMN backend_detail TEXT CHECK (backend_detail IS NULL OR json_valid(backend_detail));
`
