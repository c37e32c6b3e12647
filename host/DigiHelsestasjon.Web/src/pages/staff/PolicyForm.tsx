import { useEffect, useState } from 'react';
import Button from '@helsenorge/designsystem-react/components/Button';
import Checkbox from '@helsenorge/designsystem-react/components/Checkbox';
import Input from '@helsenorge/designsystem-react/components/Input';
import Loader from '@helsenorge/designsystem-react/components/Loader';
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import Title from '@helsenorge/designsystem-react/components/Title';
import { api } from '../../api';
import { useI18n } from '../../i18n';
import { fieldProblems, problemText } from '../../problems';
import type { Policies } from './policyTypes';
import { ChatHours } from './ChatHours';

export function PolicyForm({ kommunenummer, name }: { kommunenummer: string; name: string }) {
  const { t } = useI18n();
  const [policies, setPolicies] = useState<Policies | null>(null);
  const [deadline, setDeadline] = useState('');
  const [leadTimes, setLeadTimes] = useState('');
  const [retention, setRetention] = useState('');
  const [saved, setSaved] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const path = `/api/v1/admin/municipalities/${kommunenummer}/policies`;

  useEffect(() => {
    api<Policies>(path).then(show);
  }, [path]);

  function show(p: Policies) {
    setPolicies(p);
    setDeadline(String(p.cancellationDeadlineHours));
    setLeadTimes(p.reminderLeadTimesHours.join(', '));
    setRetention(String(p.chatRetentionHours));
  }

  const save = async () => {
    if (!policies) return;
    setSaved(false);
    setProblem(null);
    setFields({});
    try {
      const next = await api<Policies>(path, {
        method: 'PUT',
        body: {
          ...policies,
          cancellationDeadlineHours: Number(deadline),
          reminderLeadTimesHours: leadTimes.split(/[ ,;]+/).filter(Boolean).map(Number),
          chatRetentionHours: Number(retention),
        },
      });
      show(next);
      setSaved(true);
    } catch (e) {
      setProblem(problemText(t, e));
      setFields(fieldProblems(t, e));
    }
  };

  if (!policies) return <Loader ariaLabel={t('loading')} />;
  return (
    <form
      aria-labelledby="policies-title"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <Title id="policies-title" htmlMarkup="h2" appearance="title2">
        {t('policiesFor', { name })}
      </Title>
      <Checkbox
        inputId="needs-approval"
        label={t('cancellationNeedsApproval')}
        checked={policies.cancellationNeedsApproval}
        onChange={(e) => setPolicies({ ...policies, cancellationNeedsApproval: e.target.checked })}
      />
      <Input
        inputId="deadline-hours"
        type="number"
        label={t('cancellationDeadlineHours')}
        value={deadline}
        onChange={(e) => setDeadline(e.target.value)}
        errorText={fields.cancellationDeadlineHours}
        width={8}
      />
      <Input
        inputId="lead-times"
        label={t('reminderLeadTimes')}
        value={leadTimes}
        onChange={(e) => setLeadTimes(e.target.value)}
        errorText={fields.reminderLeadTimesHours}
        width={16}
      />
      <ChatHours hours={policies.chatOpeningHours} onChange={(chatOpeningHours) => setPolicies({ ...policies, chatOpeningHours })} />
      <Input inputId="retention-hours" type="number" label={t('chatRetentionHours')} value={retention} onChange={(e) => setRetention(e.target.value)} width={8} errorText={fields.chatRetentionHours} />
      {problem && (
        <NotificationPanel variant="error" role="alert">
          {problem}
        </NotificationPanel>
      )}
      {saved && (
        <NotificationPanel variant="success" role="status">
          {t('saved')}
        </NotificationPanel>
      )}
      <div className="actions">
        <Button type="submit">{t('save')}</Button>
      </div>
    </form>
  );
}
