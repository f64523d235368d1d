/**
 * A cursor tooltip for uPlot, built from plain DOM nodes (text only, never HTML) so moving
 * the mouse over twenty runs does not re-render React. `describe` turns the cursor's x into
 * the rows to show; it is read at each move so it always sees the chart's current lines.
 */
import type uPlot from 'uplot'
import type { ChartColors } from './chart-theme'

export interface TooltipRow {
  color: string
  label: string
  value: string
  detail?: string
}

export interface TooltipContent {
  title: string
  rows: TooltipRow[]
}

export function tooltipPlugin(describe: () => ((x: number) => TooltipContent | null) | null, colors: ChartColors): uPlot.Plugin {
  let box: HTMLDivElement | null = null
  /**
   * Only the chart under the mouse shows its tooltip: the charts of a page share their cursor
   * (a synced line on each), and a tooltip on every small chart of a grid overlapped the next.
   */
  let hovered = false

  const render = (content: TooltipContent) => {
    if (!box) return
    box.replaceChildren()
    const title = document.createElement('div')
    title.textContent = content.title
    title.style.cssText = `font-weight:600;margin-bottom:4px;color:${colors.text}`
    box.append(title)
    for (const row of content.rows) {
      const line = document.createElement('div')
      line.style.cssText = 'display:flex;align-items:baseline;gap:6px'
      const swatch = document.createElement('span')
      swatch.style.cssText = `display:inline-block;width:10px;height:3px;border-radius:1px;background:${row.color};flex:none;transform:translateY(-3px)`
      const label = document.createElement('span')
      label.textContent = row.label
      label.style.cssText = `color:${colors.dimText};flex:1;min-width:0;overflow-wrap:anywhere`
      const value = document.createElement('span')
      value.textContent = row.value
      value.style.cssText = `color:${colors.text};font-weight:600;margin-left:12px;white-space:nowrap`
      line.append(swatch, label, value)
      if (row.detail) {
        const detail = document.createElement('span')
        detail.textContent = row.detail
        detail.style.cssText = `color:${colors.dimText}`
        line.append(detail)
      }
      box.append(line)
    }
  }

  const update = (u: uPlot) => {
    if (!box) return
    const { left, top } = u.cursor
    const fn = describe()
    if (!hovered || left === undefined || left < 0 || top === undefined || !fn) {
      box.style.display = 'none'
      return
    }
    const content = fn(u.posToVal(left, 'x'))
    if (!content || content.rows.length === 0) {
      box.style.display = 'none'
      return
    }
    render(content)
    const plotWidth = u.over.clientWidth
    const plotHeight = u.over.clientHeight
    // The box stays inside its own plot: in a grid of small charts a 420 px tooltip on a
    // 300 px chart covered its neighbour. Narrow plots wrap the labels instead.
    box.style.maxWidth = `${Math.min(420, plotWidth)}px`
    box.style.display = 'block'
    const width = box.offsetWidth
    const height = box.offsetHeight
    const x = left + 14 + width > plotWidth ? left - 14 - width : left + 14
    const y = Math.min(Math.max(0, top - height / 2), Math.max(0, plotHeight - height))
    box.style.left = `${Math.min(Math.max(0, x), Math.max(0, plotWidth - width))}px`
    box.style.top = `${y}px`
  }

  return {
    hooks: {
      init: (u) => {
        box = document.createElement('div')
        box.dataset.testid = 'chart-tooltip'
        box.style.cssText = [
          'position:absolute',
          'pointer-events:none',
          'z-index:10',
          'display:none',
          'padding:6px 8px',
          'border-radius:4px',
          'font-size:11px',
          'line-height:1.45',
          'font-variant-numeric:tabular-nums',
          `background:${colors.tooltipBg}`,
          `border:1px solid ${colors.tooltipBorder}`,
          'box-shadow:0 2px 8px rgba(0,0,0,0.15)',
          'max-width:420px',
        ].join(';')
        u.over.append(box)
        u.over.addEventListener('mouseenter', () => (hovered = true))
        u.over.addEventListener('mouseleave', () => {
          hovered = false
          if (box) box.style.display = 'none'
        })
      },
      // New data under a still cursor (a zoom landing, a live tail): say what is there now,
      // once the chart has handed over the lines that go with the data.
      setData: (u) => queueMicrotask(() => update(u)),
      setCursor: (u) => update(u),
      destroy: () => {
        box?.remove()
        box = null
      },
    },
  }
}
