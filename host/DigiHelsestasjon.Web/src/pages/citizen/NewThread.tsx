import { useEffect, useState } from 'react';
import Button from '@helsenorge/designsystem-react/components/Button';
import Checkbox from '@helsenorge/designsystem-react/components/Checkbox';
import Input from '@helsenorge/designsystem-react/components/Input';
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import Select from '@helsenorge/designsystem-react/components/Select';
import Textarea from '@helsenorge/designsystem-react/components/Textarea';
import Title from '@helsenorge/designsystem-react/components/Title';
import { api, ApiError } from '../../api';
import { useI18n } from '../../i18n';
import { Link, useNavigate } from 'react-router';
import type { Municipality, PublicUnit, Representation, Thread } from '../../api';

export function NewThread({ subject, base }: { subject: Representation; base: string }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [municipalities, setMunicipalities] = useState<Municipality[]>([]);
  const [municipality, setMunicipality] = useState('');
  const [units, setUnits] = useState<PublicUnit[]>([]);
  const [unitId, setUnitId] = useState('');
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [wish, setWish] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // A young person may ask the school nurse or HFU for a time on her own behalf; the unit answers in the thread.
  const unitType = units.find((u) => u.unitId === unitId)?.type;
  const mayWish = subject.relation === 'self' && (unitType === 'school-health' || unitType === 'youth-clinic');
  // One key per message written: a double click or a retry after a lost answer never sends it twice.
  const [idempotencyKey] = useState(() => crypto.randomUUID());

  useEffect(() => {
    api<Municipality[]>('/api/v1/municipalities').then((list) => {
      setMunicipalities(list);
      if (list.length > 0) setMunicipality(list[0].kommunenummer);
    });
  }, []);
  useEffect(() => {
    if (!municipality) return;
    api<PublicUnit[]>(`/api/v1/units?municipality=${municipality}`).then((list) => {
      setUnits(list);
      setUnitId(list[0]?.unitId ?? '');
    });
  }, [municipality]);

  const send = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const thread = await api<Thread>(`/api/v1/subjects/${subject.subjectId}/threads`, {
        method: 'POST',
        body: mayWish && wish ? { unitId, subject: title || t('timeWishSubject'), body, topic: 'time-wish' } : { unitId, subject: title, body },
        headers: { 'Idempotency-Key': idempotencyKey },
      });
      navigate(`${base}/${thread.threadId}`, { replace: true });
    } catch (e) {
      setProblem(e instanceof ApiError ? e.message : String(e));
      setBusy(false);
    }
  };

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
      <Select selectId="municipality" label={t('municipality')} value={municipality} onChange={(e) => setMunicipality(e.target.value)}>
        {municipalities.map((m) => (
          <option key={m.kommunenummer} value={m.kommunenummer}>
            {m.name}
          </option>
        ))}
      </Select>
      <Select selectId="unit" label={t('toUnit')} value={unitId} onChange={(e) => setUnitId(e.target.value)}>
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
      <Input inputId="subject" label={t('messageSubject')} value={title} onChange={(e) => setTitle(e.target.value)} />
      <Textarea textareaId="body" label={t('messageBody')} value={body} onChange={(e) => setBody(e.target.value)} minRows={5} />
      <p className="hint">{t('messageJournalNotice')}</p>
      {problem && (
        <NotificationPanel variant="error" role="alert">
          {problem}
        </NotificationPanel>
      )}
      <div className="actions">
        <Button type="submit" disabled={busy || !unitId}>
          {t('send')}
        </Button>
        <Link to={base}>{t('back')}</Link>
      </div>
    </form>
  );
}
