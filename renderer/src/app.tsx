import { MantineProvider } from '@mantine/core'
import { Notifications } from '@mantine/notifications'
import type { ConnectResult } from './api/connection'
import { useEffect } from 'react'
import { ApiProvider } from './api/api-context'
import { setRoute } from './api/notices'
import { EventsProvider } from './api/events-context'
import { AppLayout } from './layout/app-layout'
import { ConnectionWatcher } from './layout/connection-watcher'
import { NoConnectionPage } from './pages/no-connection-page'
import { PageSwitch } from './pages/page-switch'
import { sectionOf } from './routing/routes'
import { useRoute } from './routing/use-route'
import { colorSchemeManager, theme } from './theme'

export function App({ connection }: { connection: ConnectResult }) {
  return (
    <MantineProvider theme={theme} colorSchemeManager={colorSchemeManager} defaultColorScheme="auto">
      <Notifications position="bottom-right" limit={4} />
      {connection.ok ? (
        <ApiProvider connection={connection.connection}>
          <ConnectionWatcher />
          <EventsProvider>
            <Workbench />
          </EventsProvider>
        </ApiProvider>
      ) : (
        <NoConnectionPage reason={connection.reason} message={connection.message} />
      )}
    </MantineProvider>
  )
}

function Workbench() {
  const route = useRoute()
  const routeKey = JSON.stringify(route)
  // An error toast leaves with its page.
  useEffect(() => setRoute(routeKey), [routeKey])
  return (
    <AppLayout section={sectionOf(route)}>
      <PageSwitch route={route} />
    </AppLayout>
  )
}
