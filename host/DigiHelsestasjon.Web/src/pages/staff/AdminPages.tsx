import { useCallback, useEffect, useState } from 'react';
import Button from '@helsenorge/designsystem-react/components/Button';
import Loader from '@helsenorge/designsystem-react/components/Loader';
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import Input from '@helsenorge/designsystem-react/components/Input';
import Select from '@helsenorge/designsystem-react/components/Select';
import Textarea from '@helsenorge/designsystem-react/components/Textarea';
import Title from '@helsenorge/designsystem-react/components/Title';
import { api, ApiError } from '../../api';
import { formatShortDateTime } from '../../format';
import { useI18n } from '../../i18n';

interface EpjItem {
  id: string;
  direction: 'outbound' | 'inbound';
  kind: string;
  state: string;
  attempts: number;
  lastError: string | null;
  reason: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
}

const states = ['dead-lettered', 'failed', 'pending', 'delivered', 'received', 'journaled', 'refused', 'pending-review', 'accepted', 'rejected', 'stale'];

/** What went to and came from the municipality's journals, and the dead letters an operator can send again. */
export function EpjItems() {
  const { t, language } = useI18n();
  const [state, setState] = useState('');
  const [items, setItems] = useState<EpjItem[] | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const load = useCallback(async () => {
    setItems(null);
    setItems(await api<EpjItem[]>(`/api/v1/admin/epj/items${state ? `?state=${state}` : ''}`));
  }, [state]);
  useEffect(() => void load(), [load]);

  const requeue = async (id: string) => {
    try {
      await api(`/api/v1/admin/epj/items/${id}/requeue`, { method: 'POST' });
      setMessage(t('requeued'));
      await load();
    } catch (e) {
      setMessage(e instanceof ApiError ? e.message : String(e));
    }
  };

  return (
    <section aria-labelledby="epj-title">
      <Title id="epj-title" htmlMarkup="h2" appearance="title2">
        {t('epjItems')}
      </Title>
      <Select selectId="epj-state" label={t('state')} value={state} onChange={(e) => setState(e.target.value)}>
        <option value="">{t('everything')}</option>
        {states.map((s) => (
          <option key={s} value={s}>
            {stateText(s, t)}
          </option>
        ))}
      </Select>
      <div className="actions">
        <Button variant="outline" onClick={() => void load()}>
          {t('refresh')}
        </Button>
      </div>
      {message && (
        <NotificationPanel variant="info" role="status">
          {message}
        </NotificationPanel>
      )}
      {!items ? (
        <Loader ariaLabel={t('loading')} />
      ) : items.length === 0 ? (
        <p>{t('noEpjItems')}</p>
      ) : (
        <div className="table-scroll" tabIndex={0} role="group" aria-label={t('epjItems')}>
          <table className="log" data-testid="epj-items">
            <thead>
              <tr>
                <th scope="col">{t('when')}</th>
                <th scope="col">{t('kind')}</th>
                <th scope="col">{t('state')}</th>
                <th scope="col">{t('attempts')}</th>
                <th scope="col">{t('lastError')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id}>
                  <td>{formatShortDateTime(item.createdAt, language)}</td>
                  <td>
                    {item.direction === 'outbound' ? t('toJournal') : t('fromJournal')}: {kindText(item.kind, t)}
                  </td>
                  <td>{stateText(item.state, t)}</td>
                  <td>{item.attempts}</td>
                  <td>{item.lastError ?? item.reason ?? ''}</td>
                  <td>
                    {item.direction === 'outbound' && (item.state === 'dead-lettered' || item.state === 'failed') && (
                      <Button variant="outline" size="medium" onClick={() => void requeue(item.id)}>
                        {t('requeue')}
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

type Translate = ReturnType<typeof useI18n>['t'];

function stateText(state: string, t: Translate): string {
  const key = `epjState_${state.replace(/-/g, '_')}` as Parameters<Translate>[0];
  const text = t(key);
  return text === key ? state : text;
}

function kindText(kind: string, t: Translate): string {
  const key = `epjKind_${kind.replace(/-/g, '_')}` as Parameters<Translate>[0];
  const text = t(key);
  return text === key ? kind : text;
}

interface InformationText {
  match: string;
  text: string;
  source: string;
}

/** One text as the admin edits it: the same text can answer several phrases (bokmål and nynorsk spellings). */
interface TextGroup {
  matches: string[];
  text: string;
  source: string;
}

function groups(texts: InformationText[]): TextGroup[] {
  const byText = new Map<string, TextGroup>();
  for (const entry of texts.filter((e) => e.match.trim() !== '')) {
    const key = `${entry.source}\u0000${entry.text}`;
    const group = byText.get(key) ?? { matches: [], text: entry.text, source: entry.source };
    group.matches.push(entry.match.toLowerCase());
    byText.set(key, group);
  }
  return [...byText.values()];
}

/** The texts shown with each kind of appointment: the national ones, and the municipality's own in their place. */
export function AppointmentTexts({ kommunenummer }: { kommunenummer: string }) {
  const { t } = useI18n();
  const [texts, setTexts] = useState<TextGroup[] | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [draft, setDraft] = useState('');
  const path = `/api/v1/admin/municipalities/${kommunenummer}/appointment-information`;

  const load = useCallback(async () => setTexts(groups(await api<InformationText[]>(path))), [path]);
  useEffect(() => void load(), [load]);

  // The municipality's text answers every phrase the national one did.
  const save = async (group: TextGroup) => {
    for (const match of group.matches) {
      await api(`${path}/${encodeURIComponent(match)}`, { method: 'PUT', body: { text: draft } });
    }
    setEditing(null);
    await load();
  };
  const reset = async (group: TextGroup) => {
    for (const match of group.matches) {
      await api(`${path}/${encodeURIComponent(match)}`, { method: 'DELETE' });
    }
    await load();
  };

  if (!texts) return <Loader ariaLabel={t('loading')} />;
  return (
    <section aria-labelledby="texts-title">
      <Title id="texts-title" htmlMarkup="h2" appearance="title2">
        {t('appointmentTexts')}
      </Title>
      <p>{t('appointmentTextsLead')}</p>
      <ul className="cards">
        {texts.map((group) => {
          const id = `${group.source}-${group.matches[0]}`;
          const name = group.matches[0].charAt(0).toUpperCase() + group.matches[0].slice(1);
          return (
            <li key={id} className="card">
              <Title htmlMarkup="h3" appearance="title5">
                {name}
              </Title>
              <p className="hint">
                {group.source === 'national' ? t('nationalText') : t('municipalityText')} · {t('appliesTo', { phrases: group.matches.join(', ') })}
              </p>
              {editing === id ? (
                <form
                  onSubmit={(e) => {
                    e.preventDefault();
                    void save(group);
                  }}
                >
                  <Textarea textareaId={`text-${id}`} label={t('textFor', { match: name })} value={draft} onChange={(e) => setDraft(e.target.value)} minRows={4} />
                  <div className="actions">
                    <Button type="submit">{t('save')}</Button>
                    <Button type="button" variant="borderless" onClick={() => setEditing(null)}>
                      {t('back')}
                    </Button>
                  </div>
                </form>
              ) : (
                <>
                  <p className="information">{group.text}</p>
                  <div className="actions">
                    <Button
                      variant="outline"
                      onClick={() => {
                        setEditing(id);
                        setDraft(group.text);
                      }}
                    >
                      {t('edit')}
                    </Button>
                    {group.source !== 'national' && (
                      <Button variant="borderless" onClick={() => void reset(group)}>
                        {t('useNationalText')}
                      </Button>
                    )}
                  </div>
                </>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

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
      setMessage({ variant: 'error', text: e instanceof ApiError ? e.message : String(e) });
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
