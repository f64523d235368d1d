#!/usr/bin/env node
/**
 * Draws the app icon (a white loop on an indigo rounded square) into resources/icons/ as PNG
 * files, with no image library and no downloads: `node scripts/make-icons.mjs`. electron-builder
 * turns icon.png into .ico (Windows) and .icns (macOS) itself; Linux takes the sized PNGs.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { deflateSync } from 'node:zlib'

const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'resources', 'icons')
const SIZES = [16, 32, 48, 64, 128, 256, 512, 1024]

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
function crc32(buf) {
  let c = 0xffffffff
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}
function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length)
  out.writeUInt32BE(data.length, 0)
  out.write(type, 4, 'latin1')
  data.copy(out, 8)
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length)
  return out
}
function png(size, rgba) {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(size, 0)
  header.writeUInt32BE(size, 4)
  header.set([8, 6, 0, 0, 0], 8) // 8-bit RGBA
  const raw = Buffer.alloc((size * 4 + 1) * size)
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4)
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))])
}

/** Coverage of one point in unit coordinates [0,1]²: [background, loop]. */
function sample(u, v) {
  const r = 0.2 // corner radius
  const dx = Math.max(Math.abs(u - 0.5) - (0.5 - r) + 0.02, 0)
  const dy = Math.max(Math.abs(v - 0.5) - (0.5 - r) + 0.02, 0)
  const inside = dx * dx + dy * dy <= r * r
  // Two rings side by side: the "loop" of pre-training and fine-tuning.
  const ring = (cx) => Math.abs(Math.hypot(u - cx, v - 0.5) - 0.16) <= 0.045
  return [inside, inside && (ring(0.355) || ring(0.645))]
}

function draw(size) {
  const ss = 4
  const rgba = Buffer.alloc(size * size * 4)
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      let bg = 0
      let fg = 0
      for (let i = 0; i < ss; i++)
        for (let j = 0; j < ss; j++) {
          const [b, f] = sample((x + (i + 0.5) / ss) / size, (y + (j + 0.5) / ss) / size)
          bg += b ? 1 : 0
          fg += f ? 1 : 0
        }
      const a = bg / (ss * ss)
      const w = bg ? fg / bg : 0
      const t = y / size // indigo gradient, lighter at the top
      const base = [76 - 20 * t, 110 - 40 * t, 245 - 30 * t]
      const o = (y * size + x) * 4
      for (let c = 0; c < 3; c++) rgba[o + c] = Math.round(base[c] * (1 - w) + 255 * w)
      rgba[o + 3] = Math.round(255 * a)
    }
  return png(size, rgba)
}

mkdirSync(outDir, { recursive: true })
for (const size of SIZES) writeFileSync(join(outDir, `${size}x${size}.png`), draw(size))
writeFileSync(join(outDir, 'icon.png'), draw(1024))
console.log(`Wrote ${SIZES.length + 1} icons to ${outDir}`)
