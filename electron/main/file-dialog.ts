/**
 * The native open dialog for dataset imports: the only way a path reaches an import in the
 * app. The renderer asks through the contract (`datasets.pickFile`) and gets back an id for
 * the chosen file, never a path it could have written itself.
 */
import { dialog, type BrowserWindow } from 'electron'

export async function pickDatasetFile(window: () => BrowserWindow | undefined): Promise<string | null> {
  const options = {
    title: 'Import a dataset',
    properties: ['openFile' as const],
    filters: [
      { name: 'Datasets', extensions: ['txt', 'text', 'jsonl', 'ndjson', 'csv', 'parquet', 'pq'] },
      { name: 'All files', extensions: ['*'] },
    ],
  }
  const win = window()
  const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options)
  return result.canceled ? null : (result.filePaths[0] ?? null)
}
