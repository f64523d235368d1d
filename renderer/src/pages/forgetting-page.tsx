import { IconTrendingDown } from '@tabler/icons-react'
import { PlannedPage } from '../components/planned-page'

export function ForgettingPage() {
  return (
    <PlannedPage
      title="Forgetting"
      summary="What fine-tuning gains on its task and loses on everything else."
      icon={<IconTrendingDown size={26} />}
      emptyTitle="No fine-tuned checkpoints evaluated yet"
      howToFill="Fine-tune a pre-training checkpoint, then evaluate both the base checkpoint and the fine-tuned model on the same held-out tasks. Their scores fill this page."
      willShow={[
        'Mean ratio of change (MRC) across held-out tasks, per fine-tuned model',
        'The accuracy matrix R[i][j] over training stages, with ACC, BWT and FWT',
        'Per-task forgetting, with 95% bootstrap intervals',
        'How replay of pre-training data (1%, 5%, 25%) changes all of the above',
      ]}
    />
  )
}
