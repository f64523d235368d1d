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
