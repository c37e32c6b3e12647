import { useLocation } from 'react-router';
import type { Representation } from '../../api';
import { ThreadList } from './ThreadList';
import { NewThread } from './NewThread';
import { ThreadView } from './ThreadView';

/** /innbygger/{subjectId}/meldinger[/{threadId}|/ny]. */
export function Messages({ subject }: { subject: Representation }) {
  const path = useLocation().pathname;
  const threadId = path.split('/')[4];
  const base = `/innbygger/${subject.subjectId}/meldinger`;
  if (threadId === 'ny') return <NewThread subject={subject} base={base} />;
  if (threadId) return <ThreadView subject={subject} threadId={threadId} base={base} />;
  return <ThreadList subject={subject} base={base} />;
}
