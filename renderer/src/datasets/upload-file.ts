/**
 * Sends a browser file's bytes over the contract in 4 MiB chunks (base64), in order; returns
 * the upload's id for `datasets.importCorpus` / `importTask`. The server bounds the total.
 */
import type { ApiClient } from '../api/client'
import { UPLOAD_CHUNK_BYTES } from '../../../shared/schemas/dataset'

function base64(bytes: Uint8Array): string {
  let s = ''
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(s)
}

export async function uploadFile(client: ApiClient, file: File, onProgress?: (sent: number) => void): Promise<string> {
  let id: string | undefined
  for (let offset = 0; offset < file.size || offset === 0; offset += UPLOAD_CHUNK_BYTES) {
    const chunk = new Uint8Array(await file.slice(offset, offset + UPLOAD_CHUNK_BYTES).arrayBuffer())
    const r = await client.datasets.upload({ ...(id ? { id } : {}), fileName: file.name, offset, base64: base64(chunk) })
    id = r.id
    onProgress?.(r.bytes)
    if (file.size === 0) break
  }
  return id!
}
