import { Code } from '@mantine/core'
import { useEffect } from 'react'
import { useConnectionObject } from '../api/api-context'
import { hideNotice, setConnectionDown, showNotice } from '../api/notices'

const NOTIFICATION_ID = 'connection'

/** Says so, once, when the connection to the host goes away. Renders nothing. */
export function ConnectionWatcher() {
  const connection = useConnectionObject()
  useEffect(
    () =>
      connection.subscribe(() => {
        const state = connection.getState()
        setConnectionDown(state === 'lost' || state === 'refused')
        if (state === 'open') hideNotice(NOTIFICATION_ID)
        if (state === 'lost') {
          showNotice({
            id: NOTIFICATION_ID,
            color: 'red',
            title: 'Connection to the host lost',
            message: (
              <>
                Live updates stopped and nothing new can be loaded. If <Code>npm run serve</Code> stopped, start it again
                and open the address it prints.
              </>
            ),
            autoClose: false,
          })
        } else if (state === 'refused') {
          showNotice({
            id: NOTIFICATION_ID,
            color: 'red',
            title: 'The host refused the connection',
            message: (
              <>
                This tab&rsquo;s access token is not valid for the running host; it changes at every launch. Open the
                address <Code>npm run serve</Code> printed.
              </>
            ),
            autoClose: false,
          })
        }
      }),
    [connection],
  )
  return null
}
