import { IconArrowsDiff } from '@tabler/icons-react'
import { PlannedPage } from '../components/planned-page'

export function ComparePage() {
  return (
    <PlannedPage
      title="Compare"
      summary="Runs side by side: curves on one axis, configs diffed."
      icon={<IconArrowsDiff size={26} />}
      emptyTitle="Comparing runs arrives with charts"
      howToFill="Charts come in a later release. Until then, each run's page lists its metrics with their last value, minimum and maximum, so two runs can be compared by hand."
      willShow={[
        'Loss and evaluation curves of the chosen runs on a shared step or tokens axis',
        'Their configs, with the differences highlighted',
        'Fine-tunes of different checkpoints of one pre-training run, on one chart',
      ]}
    />
  )
}
