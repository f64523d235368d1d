/**
 * A process that only watches its parent, as a training worker does, for the parent-watch
 * test: `parent-watch-child.ts <file> [fake-port]`. It writes `watching` to the file once the
 * watch is on, then the reason its parent is gone, and exits. With `fake-port` it gets a
 * stand-in for Electron's process.parentPort, closed 200 ms after the watch starts.
 */
import { EventEmitter } from 'node:events'
import { writeFileSync } from 'node:fs'
import { watchParent } from '../../electron/worker/parent-watch'

const [file, mode] = process.argv.slice(2)
if (!file) throw new Error('usage: parent-watch-child.ts <file> [fake-port]')
const port = new EventEmitter()
if (mode === 'fake-port') Object.defineProperty(process, 'parentPort', { value: port, configurable: true })
watchParent((why) => {
  writeFileSync(file, `gone: ${why}\n`)
  process.exit(0)
})
writeFileSync(file, 'watching\n')
if (mode === 'fake-port') setTimeout(() => port.emit('close'), 200)
// Nothing else keeps this process alive (the watch's poll is unref'd, as in a worker).
setInterval(() => undefined, 60_000)
