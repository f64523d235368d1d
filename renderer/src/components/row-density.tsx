/**
 * Row density of the long tables (runs, checkpoints): comfortable (two-line rows with notes
 * and backend) or compact (one line each, about twice the rows on a screen). A preference of
 * this browser, not of a view, so it lives in local storage rather than the address.
 */
import { SegmentedControl } from '@mantine/core'
import { useLocalStorage } from '@mantine/hooks'

export type RowDensity = 'comfortable' | 'compact'

export function useRowDensity(): [RowDensity, (d: RowDensity) => void] {
  const [density, setDensity] = useLocalStorage<RowDensity>({ key: 'continuum:row-density', defaultValue: 'comfortable', getInitialValueInEffect: false })
  return [density === 'compact' ? 'compact' : 'comfortable', setDensity]
}

/** Vertical cell padding in px per density. */
export const ROW_SPACING: Record<RowDensity, number> = { comfortable: 6, compact: 1 }

export function RowDensityControl({ density, onChange }: { density: RowDensity; onChange(d: RowDensity): void }) {
  return (
    <SegmentedControl
      size="xs"
      aria-label="Row density"
      data-testid="row-density"
      data={[
        { value: 'comfortable', label: 'Comfortable' },
        { value: 'compact', label: 'Compact' },
      ]}
      value={density}
      onChange={(v) => onChange(v === 'compact' ? 'compact' : 'comfortable')}
    />
  )
}
