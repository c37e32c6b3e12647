import { useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import Button from '@helsenorge/designsystem-react/components/Button';
import Checkbox from '@helsenorge/designsystem-react/components/Checkbox';
import Input from '@helsenorge/designsystem-react/components/Input';
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import Select from '@helsenorge/designsystem-react/components/Select';
import Textarea from '@helsenorge/designsystem-react/components/Textarea';
import Title from '@helsenorge/designsystem-react/components/Title';
import { data, getApiV1Municipalities, getApiV1Units } from '../../api';
import { fieldProblems } from '../../problems';
import { LoadFailed, ProblemMessage } from '../../query';
import { capabilitiesQuery } from './capabilities';
import { startThread } from './threadCalls';
import { useI18n } from '../../i18n';
import { Link, useNavigate } from 'react-router';
import type { Municipality, PublicUnit, Representation } from '../../api';

/** Units a login reaching only youth services (Feide, MinID) may write to: the school health service and HFU. */
const youthServices = ['school-health', 'youth-clinic'];

export function NewThread({ subject, base }: { subject: Representation; base: string }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const capabilities = useQuery(capabilitiesQuery);
  const youthServicesOnly = capabilities.data?.areas.some((a) => a.area === 'messages' && a.reach === 'youth-services-only') ?? false;
  const municipalities = useQuery({ queryKey: ['municipalities'], queryFn: () => data<Municipality[]>(getApiV1Municipalities()), staleTime: 600_000 });
  const [chosenMunicipality, setMunicipality] = useState('');
  const municipality = chosenMunicipality || (municipalities.data?.[0]?.kommunenummer ?? '');
  const allUnits = useQuery({
    queryKey: ['units', municipality],
    queryFn: () => data<PublicUnit[]>(getApiV1Units({ query: { municipality } })),
    enabled: municipality !== '',
    staleTime: 600_000,
  });
  const units = (allUnits.data ?? []).filter((u) => !youthServicesOnly || youthServices.includes(u.type));
  const [chosenUnit, setUnitId] = useState('');
  const unitId = units.some((u) => u.unitId === chosenUnit) ? chosenUnit : (units[0]?.unitId ?? '');
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [wish, setWish] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  // A young person may ask the school nurse or HFU for a time on her own behalf; the unit answers in the thread.
  const unitType = units.find((u) => u.unitId === unitId)?.type;
  const mayWish = subject.relation === 'self' && (unitType === 'school-health' || unitType === 'youth-clinic');
  // One key per message written: a double click or a retry after a lost answer never sends it twice.
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const fields = fieldProblems(t, problem);

  const send = async () => {
    setBusy(true);
    setProblem(null);
    try {
      // The file goes with the opening text: the thread starts with one message holding both. A file alone is sent with
      // a line naming it, as a reply with only a file is.
      const text = body.trim() === '' && file ? t('fileOnlyBody', { file: file.name }) : body;
      const start = mayWish && wish ? { unitId, subject: title || t('timeWishSubject'), body: text, topic: 'time-wish' } : { unitId, subject: title, body: text };
      const thread = await startThread(subject.subjectId, start, file, idempotencyKey);
      setFile(null);
      if (fileInput.current) fileInput.current.value = '';
      navigate(`${base}/${thread.threadId}`, { replace: true });
    } catch (e) {
      setProblem(e);
      setBusy(false);
    }
  };

  if (municipalities.isError) return <LoadFailed error={municipalities.error} onRetry={() => void municipalities.refetch()} />;
  if (allUnits.isError) return <LoadFailed error={allUnits.error} onRetry={() => void allUnits.refetch()} />;
  return (
    <form
      aria-labelledby="new-title"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <Title id="new-title" htmlMarkup="h2" appearance="title2">
        {t('newMessage')}
      </Title>
      {youthServicesOnly && <p className="hint">{t('writeToYouthServicesOnly')}</p>}
      <Select selectId="municipality" label={t('municipality')} value={municipality} onChange={(e) => setMunicipality(e.target.value)}>
        {(municipalities.data ?? []).map((m) => (
          <option key={m.kommunenummer} value={m.kommunenummer}>
            {m.name}
          </option>
        ))}
      </Select>
      <Select selectId="unit" label={t('toUnit')} value={unitId} onChange={(e) => setUnitId(e.target.value)} errorText={fields.unitId}>
        {units.map((u) => (
          <option key={u.unitId} value={u.unitId}>
            {u.name}
          </option>
        ))}
      </Select>
      {mayWish && (
        <Checkbox inputId="time-wish" label={t('timeWishChoice')} checked={wish} onChange={(e) => setWish(e.target.checked)} />
      )}
      {mayWish && wish && <p className="hint">{t('timeWishHint')}</p>}
      <Input inputId="subject" label={t('messageSubject')} value={title} onChange={(e) => setTitle(e.target.value)} errorText={fields.subject} />
      <Textarea textareaId="body" label={t('messageBody')} value={body} onChange={(e) => setBody(e.target.value)} minRows={5} errorText={fields.body} />
      <label className="file-label" htmlFor="new-attachment">
        {t('attachFile')}
      </label>
      <input ref={fileInput} id="new-attachment" type="file" accept=".pdf,.jpg,.jpeg,.png" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      <NotificationPanel variant="warn">{t('newMessageNotUrgent')}</NotificationPanel>
      <p className="hint">
        {t('newMessageAnswerHere')} {t('messageJournalNotice')}
      </p>
      {allUnits.isSuccess && youthServicesOnly && units.length === 0 && <p>{t('noWritableUnits')}</p>}
      {problem !== null && <ProblemMessage error={problem} />}
      <div className="actions">
        <Button type="submit" disabled={busy || !unitId}>
          {t('send')}
        </Button>
        <Link to={base}>{t('back')}</Link>
      </div>
    </form>
  );
}
