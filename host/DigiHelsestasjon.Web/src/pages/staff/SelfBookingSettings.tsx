import { useCallback, useEffect, useState } from 'react';
import Button from '@helsenorge/designsystem-react/components/Button';
import Loader from '@helsenorge/designsystem-react/components/Loader';
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import Input from '@helsenorge/designsystem-react/components/Input';
import Title from '@helsenorge/designsystem-react/components/Title';
import { api } from '../../api';
import { useI18n } from '../../i18n';
import { problemText } from '../../problems';

interface SelfBookingUnit {
  unitId: string;
  unitName: string;
  unitType: string;
  kinds: string[];
}

const bookerKeys = { 'health-station': 'selfBookingByGuardians', 'school-health': 'selfBookingByYouth', 'youth-clinic': 'selfBookingByYouth' } as const;

/** Which kinds of appointment each unit opens to self-booking, by the journal's own name for the kind. */
export function SelfBookingSettings({ kommunenummer }: { kommunenummer: string }) {
  const { t } = useI18n();
  const [units, setUnits] = useState<SelfBookingUnit[] | null>(null);
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ variant: 'success' | 'error'; text: string } | null>(null);
  const path = `/api/v1/admin/municipalities/${kommunenummer}/self-booking`;

  const load = useCallback(async () => setUnits(await api<SelfBookingUnit[]>(path)), [path]);
  useEffect(() => void load(), [load]);

  const save = async (unit: SelfBookingUnit, kinds: string[]) => {
    try {
      await api(`${path}/${unit.unitId}`, { method: 'PUT', body: { kinds } });
      setDrafts((d) => ({ ...d, [unit.unitId]: '' }));
      setMessage({ variant: 'success', text: kinds.length === 0 ? t('selfBookingClosed', { unit: unit.unitName }) : t('selfBookingSaved', { unit: unit.unitName }) });
      await load();
    } catch (e) {
      setMessage({ variant: 'error', text: problemText(t, e) });
    }
  };

  if (!units) return <Loader ariaLabel={t('loading')} />;
  return (
    <section aria-labelledby="self-booking-title">
      <Title id="self-booking-title" htmlMarkup="h2" appearance="title2">
        {t('selfBooking')}
      </Title>
      <p>{t('selfBookingLead')}</p>
      {message && (
        <div role="status">
          <NotificationPanel variant={message.variant}>{message.text}</NotificationPanel>
        </div>
      )}
      <ul className="cards" data-testid="self-booking-units">
        {units.map((unit) => {
          const draft = drafts[unit.unitId] ?? '';
          const booker = bookerKeys[unit.unitType as keyof typeof bookerKeys];
          return (
            <li key={unit.unitId} className="card">
              <Title htmlMarkup="h3" appearance="title5">
                {unit.unitName}
              </Title>
              <p className="hint">{booker ? t(booker) : t('selfBookingNotHere')}</p>
              {unit.kinds.length === 0 ? (
                <p>{t('selfBookingNone')}</p>
              ) : (
                <ul className="kinds">
                  {unit.kinds.map((kind) => (
                    <li key={kind}>
                      {kind}{' '}
                      <Button variant="borderless" onClick={() => void save(unit, unit.kinds.filter((k) => k !== kind))} aria-label={t('selfBookingRemove', { kind })}>
                        {t('remove')}
                      </Button>
                    </li>
                  ))}
                </ul>
              )}
              {booker && (
                <form
                  onSubmit={(e) => {
                    e.preventDefault();
                    if (draft.trim()) void save(unit, [...unit.kinds, draft.trim()]);
                  }}
                >
                  <Input
                    inputId={`kind-${unit.unitId}`}
                    label={t('selfBookingNewKind')}
                    value={draft}
                    onChange={(e) => setDrafts((d) => ({ ...d, [unit.unitId]: e.target.value }))}
                  />
                  <div className="actions">
                    <Button type="submit">{t('selfBookingOpen')}</Button>
                    {unit.kinds.length > 0 && (
                      <Button type="button" variant="outline" onClick={() => void save(unit, [])}>
                        {t('selfBookingCloseAll')}
                      </Button>
                    )}
                  </div>
                </form>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
