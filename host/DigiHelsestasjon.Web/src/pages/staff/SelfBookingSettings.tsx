import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import Button from '@helsenorge/designsystem-react/components/Button';
import Loader from '@helsenorge/designsystem-react/components/Loader';
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import Select from '@helsenorge/designsystem-react/components/Select';
import Title from '@helsenorge/designsystem-react/components/Title';
import {
  data,
  getApiV1AdminMunicipalitiesByKommunenummerSelfBooking,
  getApiV1AdminMunicipalitiesByKommunenummerSelfBookingByUnitIdJournalKinds,
  putApiV1AdminMunicipalitiesByKommunenummerSelfBookingByUnitId,
} from '../../api';
import type { SelfBookingUnit } from '../../api';
import { useI18n } from '../../i18n';
import { LoadFailed, Loaded, ProblemMessage } from '../../query';
import { ConfirmDialog } from './ConfirmDialog';

interface JournalKinds {
  unitId: string;
  reachable: boolean;
  kinds: string[];
}

const bookerKeys = { 'health-station': 'selfBookingByGuardians', 'school-health': 'selfBookingByYouth', 'youth-clinic': 'selfBookingByYouth' } as const;

/** Which kinds of appointment each unit opens to self-booking, chosen from the journal's own list of kinds. */
export function SelfBookingSettings({ kommunenummer }: { kommunenummer: string }) {
  const { t } = useI18n();
  const query = useQuery({
    queryKey: ['admin', kommunenummer, 'self-booking'],
    queryFn: () => data<SelfBookingUnit[]>(getApiV1AdminMunicipalitiesByKommunenummerSelfBooking({ path: { kommunenummer } })),
  });
  return (
    <section aria-labelledby="self-booking-title">
      <Title id="self-booking-title" htmlMarkup="h2" appearance="title2">
        {t('selfBooking')}
      </Title>
      <p>{t('selfBookingLeadJournal')}</p>
      <Loaded query={query}>
        {(units) => (
          <ul className="cards" aria-labelledby="self-booking-title">
            {units.map((unit) => (
              <UnitCard key={unit.unitId} unit={unit} kommunenummer={kommunenummer} />
            ))}
          </ul>
        )}
      </Loaded>
    </section>
  );
}

function UnitCard({ unit, kommunenummer }: { unit: SelfBookingUnit; kommunenummer: string }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [chosen, setChosen] = useState('');
  const [askClose, setAskClose] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const booker = bookerKeys[unit.unitType as keyof typeof bookerKeys];
  // The journal is asked only for a unit that takes bookings: it names the kinds it has free times for.
  const journal = useQuery({
    queryKey: ['admin', kommunenummer, 'self-booking', unit.unitId, 'journal-kinds'],
    queryFn: () => data<JournalKinds>(getApiV1AdminMunicipalitiesByKommunenummerSelfBookingByUnitIdJournalKinds({ path: { kommunenummer, unitId: unit.unitId } })),
    enabled: booker !== undefined,
  });
  const offered = (journal.data?.kinds ?? []).filter((k) => !unit.kinds.some((open) => open.toLowerCase() === k.toLowerCase()));

  const save = async (kinds: string[]) => {
    setSaved(null);
    setProblem(null);
    try {
      await putApiV1AdminMunicipalitiesByKommunenummerSelfBookingByUnitId({ path: { kommunenummer, unitId: unit.unitId }, body: { kinds } });
      setChosen('');
      setSaved(kinds.length === 0 ? t('selfBookingClosed', { unit: unit.unitName }) : t('selfBookingSaved', { unit: unit.unitName }));
      await queryClient.invalidateQueries({ queryKey: ['admin', kommunenummer, 'self-booking'], exact: true });
    } catch (e) {
      setProblem(e);
    }
  };

  return (
    <li className="card">
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
              <Button
                variant="borderless"
                // Taking out the last kind closes the unit: that asks first, as closing does.
                onClick={() => (unit.kinds.length === 1 ? setAskClose(true) : void save(unit.kinds.filter((k) => k !== kind)))}
                aria-label={t('selfBookingRemove', { kind })}
              >
                {t('remove')}
              </Button>
            </li>
          ))}
        </ul>
      )}
      {saved && (
        <NotificationPanel variant="success" role="status">
          {saved}
        </NotificationPanel>
      )}
      {problem !== null && <ProblemMessage error={problem} />}
      {booker && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (chosen) void save([...unit.kinds, chosen]);
          }}
        >
          {journal.isError ? (
            <LoadFailed error={journal.error} onRetry={() => void journal.refetch()} />
          ) : !journal.data ? (
            <Loader ariaLabel={t('loading')} size="small" />
          ) : !journal.data.reachable ? (
            <NotificationPanel variant="warn">
              <p>{t('selfBookingJournalSilent')}</p>
              <Button variant="outline" onClick={() => void journal.refetch()}>
                {t('tryAgain')}
              </Button>
            </NotificationPanel>
          ) : offered.length === 0 ? (
            <p className="hint">{t('selfBookingNoMoreKinds')}</p>
          ) : (
            <Select selectId={`kind-${unit.unitId}`} label={t('selfBookingJournalKind')} value={chosen} onChange={(e) => setChosen(e.target.value)}>
              <option value="">{t('selfBookingChooseKind')}</option>
              {offered.map((kind) => (
                <option key={kind} value={kind}>
                  {kind}
                </option>
              ))}
            </Select>
          )}
          <div className="actions">
            {offered.length > 0 && journal.data?.reachable && (
              <Button type="submit" disabled={!chosen}>
                {t('selfBookingOpen')}
              </Button>
            )}
            {unit.kinds.length > 0 && (
              <Button type="button" variant="outline" concept="destructive" onClick={() => setAskClose(true)}>
                {t('selfBookingCloseAll')}
              </Button>
            )}
          </div>
        </form>
      )}
      {askClose && (
        <ConfirmDialog
          title={t('selfBookingCloseConfirmTitle', { unit: unit.unitName })}
          description={t('selfBookingCloseConfirmText', { kinds: unit.kinds.join(', ') })}
          confirm={t('selfBookingCloseAll')}
          onCancel={() => setAskClose(false)}
          onConfirm={() => {
            setAskClose(false);
            void save([]);
          }}
        />
      )}
    </li>
  );
}
