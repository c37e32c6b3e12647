import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import Button from '@helsenorge/designsystem-react/components/Button';
import Checkbox from '@helsenorge/designsystem-react/components/Checkbox';
import Input from '@helsenorge/designsystem-react/components/Input';
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import Title from '@helsenorge/designsystem-react/components/Title';
import { data, deleteApiV1MePowersOfAttorneyById, getApiV1MePowersOfAttorney, postApiV1MePowersOfAttorney, type Power } from '../../api';
import { Loaded } from '../../query';
import { formatShortDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { problemText } from '../../problems';
import { scopeText } from './actionKeys';

const powersKey = ['me', 'powers-of-attorney'];

const delegable = ['profile.read', 'appointments.read', 'appointments.cancel', 'messages.read', 'messages.send'];

/** Powers of attorney this person has given (and may end) or received. */
export function PowersOfAttorney() {
  const { t, language } = useI18n();
  const queries = useQueryClient();
  const query = useQuery({ queryKey: powersKey, queryFn: () => data<Power[]>(getApiV1MePowersOfAttorney()) });
  const [receiver, setReceiver] = useState('');
  const [scopes, setScopes] = useState<string[]>(['appointments.read']);
  const [message, setMessage] = useState<{ variant: 'success' | 'error'; text: string } | null>(null);

  const load = () => queries.invalidateQueries({ queryKey: powersKey });

  const grant = async () => {
    setMessage(null);
    try {
      // The receiver's number goes in the body of a POST, never in an address.
      const receipt = await data<{ message: string }>(postApiV1MePowersOfAttorney({ body: { receiverPid: receiver, scopes } }));
      setReceiver('');
      setMessage({ variant: 'success', text: receipt.message });
      await load();
    } catch (e) {
      setMessage({ variant: 'error', text: problemText(t, e) });
    }
  };
  const end = async (id: string) => {
    setMessage(null);
    try {
      await deleteApiV1MePowersOfAttorneyById({ path: { id } });
      await load();
    } catch (e) {
      setMessage({ variant: 'error', text: problemText(t, e) });
    }
  };

  return <Loaded query={query}>{(powers) => (
    <section aria-labelledby="powers-title">
      <Title id="powers-title" htmlMarkup="h2" appearance="title2">
        {t('powersOfAttorney')}
      </Title>
      {powers.length === 0 && <p>{t('noPowers')}</p>}
      <ul className="cards">
        {powers.map((p) => (
          <li key={p.id} className="card">
            <p>
              <strong>{p.direction === 'given' ? t('powerGiven') : t('powerReceived', { name: p.giverName })}</strong>
            </p>
            <p>{p.scopes.map((s) => scopeText(t, s)).join(', ')}</p>
            <p>
              {p.inForce ? t('inForce') : t('notInForce')}
              {p.validTo && ` · ${t('validTo', { when: formatShortDateTime(p.validTo, language) })}`}
            </p>
            {p.direction === 'given' && p.inForce && (
              <Button variant="outline" onClick={() => void end(p.id)}>
                {t('endPower')}
              </Button>
            )}
          </li>
        ))}
      </ul>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void grant();
        }}
      >
        <Title htmlMarkup="h3" appearance="title3">
          {t('grantPower')}
        </Title>
        <Input inputId="receiver" label={t('receiverNumber')} value={receiver} onChange={(e) => setReceiver(e.target.value)} autoComplete="off" inputMode="numeric" />
        <fieldset className="scopes">
          <legend>{t('powerScopes')}</legend>
          {delegable.map((s) => (
            <Checkbox
              key={s}
              inputId={`scope-${s}`}
              label={scopeText(t, s)}
              checked={scopes.includes(s)}
              onChange={(e) => setScopes(e.target.checked ? [...scopes, s] : scopes.filter((x) => x !== s))}
            />
          ))}
        </fieldset>
        {message && (
          <NotificationPanel variant={message.variant} role={message.variant === 'error' ? 'alert' : 'status'}>
            {message.text}
          </NotificationPanel>
        )}
        <div className="actions">
          <Button type="submit">{t('grantPower')}</Button>
        </div>
      </form>
    </section>
  )}</Loaded>;
}
