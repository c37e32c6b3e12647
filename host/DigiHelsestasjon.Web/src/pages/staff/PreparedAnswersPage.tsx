import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import Button from '@helsenorge/designsystem-react/components/Button';
import Input from '@helsenorge/designsystem-react/components/Input';
import Select from '@helsenorge/designsystem-react/components/Select';
import Textarea from '@helsenorge/designsystem-react/components/Textarea';
import Title from '@helsenorge/designsystem-react/components/Title';
import {
  data,
  deleteApiV1StaffYouthChatPreparedAnswersById,
  getApiV1StaffYouthChatPreparedAnswers,
  getApiV1StaffYouthChatUnits,
  postApiV1StaffYouthChatPreparedAnswers,
} from '../../api';
import type { PreparedAnswer } from '../../api';
import { useI18n } from '../../i18n';
import { Loaded, ProblemMessage } from '../../query';
import { ConfirmDialog } from './ConfirmDialog';

interface NurseUnit {
  unitId: string;
  name: string;
}

// The chat queue reads the same list: an answer added here is offered there at once.
export const preparedAnswersKey = ['staff', 'youth-chat', 'prepared-answers'];

/** /ansatt/svar: the prepared answers of the nurse's units, shared with her colleagues there. She adds one with a title and
 * a text, and removes one after a confirm. */
export function PreparedAnswersPage() {
  const { t } = useI18n();
  const units = useQuery({ queryKey: ['staff', 'youth-chat', 'units'], queryFn: () => data<NurseUnit[]>(getApiV1StaffYouthChatUnits()) });
  const answers = useQuery({ queryKey: preparedAnswersKey, queryFn: () => data<PreparedAnswer[]>(getApiV1StaffYouthChatPreparedAnswers()) });
  return (
    <section aria-labelledby="prepared-title">
      <Title id="prepared-title" htmlMarkup="h2" appearance="title2">
        {t('preparedAnswers')}
      </Title>
      <p>{t('preparedAnswersLead')}</p>
      <Loaded query={units}>
        {(mine) => (
          <>
            <Loaded query={answers}>
              {(list) =>
                list.length === 0 ? (
                  <p>{t('preparedAnswersNone')}</p>
                ) : (
                  <ul className="cards">
                    {list.map((answer) => (
                      <AnswerCard key={answer.id} answer={answer} unitName={mine.length > 1 ? mine.find((u) => u.unitId === answer.unitId)?.name : undefined} />
                    ))}
                  </ul>
                )
              }
            </Loaded>
            <NewAnswer units={mine} />
          </>
        )}
      </Loaded>
    </section>
  );
}

function AnswerCard({ answer, unitName }: { answer: PreparedAnswer; unitName?: string }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const remove = async () => {
    setAsking(false);
    setProblem(null);
    try {
      await data(deleteApiV1StaffYouthChatPreparedAnswersById({ path: { id: answer.id } }));
    } catch (e) {
      setProblem(e);
    }
    await queryClient.invalidateQueries({ queryKey: preparedAnswersKey });
  };
  return (
    <li className="card">
      <Title htmlMarkup="h3" appearance="title5">
        {answer.title}
      </Title>
      {unitName && <p className="hint">{unitName}</p>}
      <p className="information">{answer.text}</p>
      {problem !== null && <ProblemMessage error={problem} />}
      <Button variant="borderless" aria-label={t('preparedAnswerRemoveNamed', { title: answer.title })} onClick={() => setAsking(true)}>
        {t('remove')}
      </Button>
      {asking && (
        <ConfirmDialog
          title={t('preparedAnswerRemoveTitle')}
          description={t('preparedAnswerRemoveDescription', { title: answer.title })}
          confirm={t('remove')}
          onConfirm={() => void remove()}
          onCancel={() => setAsking(false)}
        />
      )}
    </li>
  );
}

function NewAnswer({ units }: { units: NurseUnit[] }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [unitId, setUnitId] = useState(units[0]?.unitId ?? '');
  const [title, setTitle] = useState('');
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<unknown>(null);
  const [added, setAdded] = useState('');
  const add = async () => {
    setProblem(null);
    setAdded('');
    try {
      await data(postApiV1StaffYouthChatPreparedAnswers({ body: { unitId, title, text } }));
      setAdded(title);
      setTitle('');
      setText('');
    } catch (e) {
      setProblem(e);
    }
    await queryClient.invalidateQueries({ queryKey: preparedAnswersKey });
  };
  return (
    <form
      aria-labelledby="new-prepared-title"
      onSubmit={(e) => {
        e.preventDefault();
        void add();
      }}
    >
      <Title id="new-prepared-title" htmlMarkup="h3" appearance="title4">
        {t('preparedAnswerNew')}
      </Title>
      {units.length > 1 && (
        <Select selectId="prepared-unit" label={t('preparedAnswerUnit')} value={unitId} onChange={(e) => setUnitId(e.target.value)}>
          {units.map((u) => (
            <option key={u.unitId} value={u.unitId}>
              {u.name}
            </option>
          ))}
        </Select>
      )}
      <Input inputId="prepared-answer-title" label={t('preparedAnswerTitle')} value={title} maxCharacters={100} onChange={(e) => setTitle(e.target.value)} />
      <Textarea textareaId="prepared-answer-text" label={t('preparedAnswerText')} value={text} maxCharacters={2000} minRows={4} onChange={(e) => setText(e.target.value)} />
      {problem !== null && <ProblemMessage error={problem} />}
      <div role="status">{added && t('preparedAnswerAdded', { title: added })}</div>
      <Button type="submit">{t('preparedAnswerAdd')}</Button>
    </form>
  );
}
