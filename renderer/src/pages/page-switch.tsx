import type { Route } from '../routing/routes'
import { CheckpointsPage } from './checkpoints-page'
import { ComparePage } from './compare-page'
import { DatasetsPage } from './datasets-page'
import { ExperimentDetailPage } from './experiments-detail-page'
import { ExperimentsNewPage } from './experiments-new-page'
import { ExperimentsPage } from './experiments-page'
import { ForgettingPage } from './forgetting-page'
import { NotFoundPage } from './not-found-page'
import { RunDetailPage } from './run-detail-page'
import { RunsPage } from './runs-page'
import { SettingsPage } from './settings-page'
import { StudyPage } from './study-page'

export function PageSwitch({ route }: { route: Route }) {
  switch (route.page) {
    case 'runs':
      return <RunsPage />
    case 'run':
      return <RunDetailPage key={route.runId} runId={route.runId} />
    case 'experiments':
      return <ExperimentsPage />
    case 'experiment':
      return <ExperimentDetailPage key={route.experimentId} experimentId={route.experimentId} />
    case 'experiment-new':
      return <ExperimentsNewPage />
    case 'checkpoints':
      return <CheckpointsPage checkpointId={null} />
    case 'checkpoint':
      return <CheckpointsPage checkpointId={route.checkpointId} />
    case 'datasets':
      return <DatasetsPage />
    case 'forgetting':
      return <ForgettingPage experimentId={null} />
    case 'forgetting-experiment':
      return <ForgettingPage experimentId={route.experimentId} />
    case 'study':
      return <StudyPage experimentId={null} />
    case 'study-experiment':
      return <StudyPage key={route.experimentId} experimentId={route.experimentId} />
    case 'compare':
      return <ComparePage />
    case 'settings':
      return <SettingsPage />
    case 'not-found':
      return <NotFoundPage hash={route.hash} />
  }
}
