import { Box, EmptyState, List, Paper, Text } from '@mantine/core'
import type { ReactNode } from 'react'
import { PageTitle } from './page-title'

/**
 * A page whose analysis is not built yet: says plainly what it will show and what the user
 * does to fill it. Never shows made-up numbers.
 */
export function PlannedPage(props: { title: string; summary: string; icon: ReactNode; emptyTitle: string; howToFill: ReactNode; willShow: readonly ReactNode[] }) {
  return (
    <>
      <PageTitle title={props.title} description={props.summary} />
      <Paper withBorder radius="md" p="xl">
        <EmptyState icon={props.icon} withIndicatorBackground title={props.emptyTitle} description={props.howToFill} maw={620} mx="auto">
          <Box ta="left" mt="md">
            <Text size="sm" fw={600}>
              What this page will show
            </Text>
            <List size="sm" spacing={4} mt={6} c="dimmed">
              {props.willShow.map((item, i) => (
                <List.Item key={i}>{item}</List.Item>
              ))}
            </List>
          </Box>
        </EmptyState>
      </Paper>
    </>
  )
}
