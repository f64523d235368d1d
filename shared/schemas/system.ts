import { z } from 'zod'

export const SystemInfo = z.object({
  appVersion: z.string(),
  transport: z.enum(['ipc', 'websocket']),
  platform: z.string(),
  dataDir: z.string(),
  databasePath: z.string(),
  schemaVersion: z.number().int(),
  counts: z.object({
    experiments: z.number().int(),
    runs: z.number().int(),
    checkpoints: z.number().int(),
    metricPoints: z.number().int(),
  }),
})
export type SystemInfo = z.infer<typeof SystemInfo>

/** The TF.js backend training workers would use on this machine, and why better ones are not. */
export const BackendInfo = z.object({
  backend: z.string(),
  simd: z.boolean().nullable(),
  device: z.string(),
  unavailable: z.array(z.object({ name: z.string(), reason: z.string(), fix: z.string().nullable() })),
  probedAt: z.string(),
})
export type BackendInfo = z.infer<typeof BackendInfo>

/** Where the database and checkpoints live, and the folder chosen for the next start. */
export const DataFolderState = z.object({
  current: z.string(),
  /** Chosen in Settings; used from the next start on. Null when unchanged. */
  next: z.string().nullable(),
  default: z.string(),
  changeable: z.boolean(),
  /** Why it cannot be changed here (e.g. the web host or CONTINUUM_DATA_DIR decides it). */
  reason: z.string().nullable(),
})
export type DataFolderState = z.infer<typeof DataFolderState>

/** Which kind of Continuum process owns a data folder. */
export const OwnerRole = z.enum(['cli', 'serve', 'app'])
export type OwnerRole = z.infer<typeof OwnerRole>

/**
 * The process that runs the data folder's jobs (holds its lock). Every other process on the
 * folder is a reader: it shows the store live and asks the owner to pause, resume or cancel.
 */
export const FolderOwner = z.object({
  pid: z.number().int(),
  host: z.string(),
  /** Milliseconds since the epoch. */
  startedAt: z.number().int(),
  role: OwnerRole,
  /** True when the process answering is the owner. */
  self: z.boolean(),
})
export type FolderOwner = z.infer<typeof FolderOwner>
