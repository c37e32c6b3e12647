import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import Button from '@helsenorge/designsystem-react/components/Button';
import Checkbox from '@helsenorge/designsystem-react/components/Checkbox';
import Input from '@helsenorge/designsystem-react/components/Input';
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import Title from '@helsenorge/designsystem-react/components/Title';
import { data, getApiV1AdminMunicipalitiesByKommunenummerPolicies, putApiV1AdminMunicipalitiesByKommunenummerPolicies, type Policies as SentPolicies } from '../../api';
import { Loaded } from '../../query';
import { useI18n } from '../../i18n';
import { fieldProblems, problemText } from '../../problems';
import type { Policies } from './policyTypes';
import { ChatHours } from './ChatHours';

const policiesKey = (kommunenummer: string) => ['admin', kommunenummer, 'policies'];

export function PolicyForm({ kommunenummer, name }: { kommunenummer: string; name: string }) {
  const query = useQuery({
    queryKey: policiesKey(kommunenummer),
    queryFn: () => data<Policies>(getApiV1AdminMunicipalitiesByKommunenummerPolicies({ path: { kommunenummer } })),
  });
  return <Loaded query={query}>{(stored) => <PolicyFields key={kommunenummer} kommunenummer={kommunenummer} name={name} stored={stored} />}</Loaded>;
}

/** The fields as typed, from the policies last saved (numbers kept as text until saved, so a bad value can be shown). */
function PolicyFields({ kommunenummer, name, stored }: { kommunenummer: string; name: string; stored: Policies }) {
  const { t } = useI18n();
  const queries = useQueryClient();
  const [policies, setPolicies] = useState<Policies>(stored);
  const [deadline, setDeadline] = useState(String(stored.cancellationDeadlineHours));
  const [leadTimes, setLeadTimes] = useState(stored.reminderLeadTimesHours.join(', '));
  const [retention, setRetention] = useState(String(stored.chatRetentionHours));
  const [saved, setSaved] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});

  function show(p: Policies) {
    setPolicies(p);
    setDeadline(String(p.cancellationDeadlineHours));
    setLeadTimes(p.reminderLeadTimesHours.join(', '));
    setRetention(String(p.chatRetentionHours));
  }

  const save = async () => {
    setSaved(false);
    setProblem(null);
    setFields({});
    try {
      const next = await data<Policies>(
        putApiV1AdminMunicipalitiesByKommunenummerPolicies({
          path: { kommunenummer },
          body: {
            ...policies,
            cancellationDeadlineHours: Number(deadline),
            reminderLeadTimesHours: leadTimes.split(/[ ,;]+/).filter(Boolean).map(Number),
            chatRetentionHours: Number(retention),
            // The page keeps a day as the API's lower-case name (ChatHours); the document types it as that union.
            chatOpeningHours: policies.chatOpeningHours as SentPolicies['chatOpeningHours'],
          },
        }),
      );
      show(next);
      queries.setQueryData(policiesKey(kommunenummer), next);
      setSaved(true);
    } catch (e) {
      setProblem(problemText(t, e));
      setFields(fieldProblems(t, e));
    }
  };

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
