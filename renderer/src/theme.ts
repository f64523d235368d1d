import { Badge, createTheme, localStorageColorSchemeManager, Table } from '@mantine/core'

/** Dense, quiet, legible in both schemes: the data is the point. */
export const theme = createTheme({
  primaryColor: 'indigo',
  primaryShade: { light: 6, dark: 5 },
  defaultRadius: 'sm',
  cursorType: 'pointer',
  focusRing: 'auto',
  fontFamilyMonospace: 'ui-monospace, "SF Mono", "JetBrains Mono", "Cascadia Mono", Menlo, Consolas, monospace',
  headings: { fontWeight: '600' },
  components: {
    Table: Table.extend({
      defaultProps: { verticalSpacing: 'xs', horizontalSpacing: 'sm', tabularNums: true, highlightOnHover: true },
    }),
    Badge: Badge.extend({ defaultProps: { variant: 'light', radius: 'sm', tt: 'none', fw: 500 } }),
  },
})

/** Remembers light, dark or auto across launches. */
export const colorSchemeManager = localStorageColorSchemeManager({ key: 'continuum.color-scheme' })
