import { Code, Container, List, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core'
import { IconKey, IconPlugConnectedX } from '@tabler/icons-react'

/** Full-page explanation when the workbench cannot reach the main process or the host at all. */
export function NoConnectionPage({ reason, message }: { reason: 'no-token' | 'failed'; message: string }) {
  return (
    <Container size={620} py={80}>
      <Paper withBorder p="xl" radius="md">
        <Stack gap="md">
          <ThemeIcon size={44} radius="xl" variant="light" color={reason === 'no-token' ? 'indigo' : 'red'}>
            {reason === 'no-token' ? <IconKey size={24} /> : <IconPlugConnectedX size={24} />}
          </ThemeIcon>
          {reason === 'no-token' ? (
            <>
              <Title order={1} size="h3">
                Open the address the host printed
              </Title>
              <Text>
                This page reaches your Continuum data through the local host, which only answers the address it printed
                at launch. That address carries a one-time access token after <Code>#token=</Code>, and this one has none.
              </Text>
              <List type="ordered" spacing={6}>
                <List.Item>
                  In a terminal in the Continuum folder, run <Code>npm run serve</Code> (it may already be running).
                </List.Item>
                <List.Item>
                  Open the full address from its line <Code>Open http://127.0.0.1:…/#token=…</Code>, including the part
                  after <Code>#</Code>.
                </List.Item>
              </List>
              <Text size="sm" c="dimmed">
                The token changes every time the host starts, so an old bookmark will not work either.
              </Text>
            </>
          ) : (
            <>
              <Title order={1} size="h3">
                Continuum could not connect
              </Title>
              <Text>{message}</Text>
              <Text size="sm" c="dimmed">
                Restart the app; if this keeps happening, the log in the terminal that started it says why.
              </Text>
            </>
          )}
        </Stack>
      </Paper>
    </Container>
  )
}
