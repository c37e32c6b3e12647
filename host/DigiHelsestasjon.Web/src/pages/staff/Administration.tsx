import { useEffect, useState } from 'react';
import Button from '@helsenorge/designsystem-react/components/Button';
import Checkbox from '@helsenorge/designsystem-react/components/Checkbox';
import Input from '@helsenorge/designsystem-react/components/Input';
import Loader from '@helsenorge/designsystem-react/components/Loader';
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import Select from '@helsenorge/designsystem-react/components/Select';
import Title from '@helsenorge/designsystem-react/components/Title';
import { api, ApiError } from '../../api';
import { useI18n } from '../../i18n';
import type { Municipality } from '../../api';
import { Link, useLocation } from 'react-router';
import { AppointmentTexts, EpjItems, SelfBookingSettings } from './AdminPages';
import { BarChart } from './BarChart';

interface OpeningHours {
  day: string;
  opens: string;
  closes: string;
}

interface Policies {
  cancellationNeedsApproval: boolean;
  cancellationDeadlineHours: number;
  reminderLeadTimesHours: number[];
  chatOpeningHours: OpeningHours[];
  chatRetentionHours: number;
  enabledModules: string[];
}

interface Figures {
  appointments?: {
    appointments: number;
    digitalCancellations: number;
    noShows: number;
    attended: number;
    perWeek: { week: string; appointments: number; digitalCancellations: number; noShows: number; attended: number }[];
  };
  messages?: { perUnitAndWeek: { week: string; fromCitizens: number; fromUnit: number }[] };
  notices?: { day: string; planned: number; sent: number; delivered: number; failed: number }[];
  youthChat?: {
    perUnit: { unitName: string; conversations: number; answered: number; unanswered: number }[];
    perWeek: { week: string; conversations: number; answered: number; unanswered: number }[];
  };
}

export function Administration() {
  const { t } = useI18n();
  const path = useLocation().pathname;
  const [mine, setMine] = useState<Municipality[] | null>(null);
  const [kommunenummer, setKommunenummer] = useState('');

  useEffect(() => {
    api<Municipality[]>('/api/v1/admin/municipalities').then((own) => {
      setMine(own);
      setKommunenummer(own[0]?.kommunenummer ?? '');
    }, () => setMine([]));
  }, []);

  if (!mine) return <Loader ariaLabel={t('loading')} />;
  if (mine.length === 0) return <NotificationPanel variant="info">{t('notAnAdmin')}</NotificationPanel>;
  return (
    <>
      {mine.length > 1 && (
        <Select selectId="admin-municipality" label={t('municipality')} value={kommunenummer} onChange={(e) => setKommunenummer(e.target.value)}>
          {mine.map((m) => (
            <option key={m.kommunenummer} value={m.kommunenummer}>
              {m.name}
            </option>
          ))}
        </Select>
      )}
      <nav aria-label={t('adminSections')} className="tabs">
        <Link to="/ansatt/admin" aria-current={!['/ansatt/admin/epj', '/ansatt/admin/tekster', '/ansatt/admin/timebestilling'].includes(path) ? 'page' : undefined}>
          {t('policiesAndFigures')}
        </Link>
        <Link to="/ansatt/admin/epj" aria-current={path === '/ansatt/admin/epj' ? 'page' : undefined}>
          {t('epjItems')}
        </Link>
        <Link to="/ansatt/admin/tekster" aria-current={path === '/ansatt/admin/tekster' ? 'page' : undefined}>
          {t('appointmentTexts')}
        </Link>
        <Link to="/ansatt/admin/timebestilling" aria-current={path === '/ansatt/admin/timebestilling' ? 'page' : undefined}>
          {t('selfBooking')}
        </Link>
      </nav>
      {path === '/ansatt/admin/epj' ? (
        <EpjItems />
      ) : path === '/ansatt/admin/tekster' ? (
        <AppointmentTexts key={`t-${kommunenummer}`} kommunenummer={kommunenummer} />
      ) : path === '/ansatt/admin/timebestilling' ? (
        <SelfBookingSettings key={`s-${kommunenummer}`} kommunenummer={kommunenummer} />
      ) : (
        <>
          <PolicyForm key={`p-${kommunenummer}`} kommunenummer={kommunenummer} name={mine.find((m) => m.kommunenummer === kommunenummer)?.name ?? ''} />
          <FigureCharts key={`f-${kommunenummer}`} kommunenummer={kommunenummer} />
        </>
      )}
    </>
  );
}

function PolicyForm({ kommunenummer, name }: { kommunenummer: string; name: string }) {
  const { t } = useI18n();
  const [policies, setPolicies] = useState<Policies | null>(null);
  const [deadline, setDeadline] = useState('');
  const [leadTimes, setLeadTimes] = useState('');
  const [retention, setRetention] = useState('');
  const [saved, setSaved] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
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
      setProblem(e instanceof ApiError ? e.message : String(e));
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
        width={8}
      />
      <Input
        inputId="lead-times"
        label={t('reminderLeadTimes')}
        value={leadTimes}
        onChange={(e) => setLeadTimes(e.target.value)}
        width={16}
      />
      <ChatHours hours={policies.chatOpeningHours} onChange={(chatOpeningHours) => setPolicies({ ...policies, chatOpeningHours })} />
      <Input inputId="retention-hours" type="number" label={t('chatRetentionHours')} value={retention} onChange={(e) => setRetention(e.target.value)} width={8} />
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

const days = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

/** The youth chat's opening hours, one row per day: open or not, from and until (local time). */
function ChatHours({ hours, onChange }: { hours: OpeningHours[]; onChange: (hours: OpeningHours[]) => void }) {
  const { t } = useI18n();
  const dayOf = (day: string) => hours.find((h) => h.day.toLowerCase() === day);
  const set = (day: string, value: OpeningHours | null) =>
    onChange([...hours.filter((h) => h.day.toLowerCase() !== day), ...(value ? [value] : [])]);
  return (
    <fieldset className="chat-hours">
      <legend>{t('chatOpeningHours')}</legend>
      {/* Scrolls by itself on a narrow screen, by keyboard too, so the page never scrolls sideways. */}
      <div className="table-scroll" tabIndex={0} role="group" aria-label={t('chatOpeningHours')}>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('day')}</th>
            <th scope="col">{t('open')}</th>
            <th scope="col">{t('opens')}</th>
            <th scope="col">{t('closes')}</th>
          </tr>
        </thead>
        <tbody>
          {days.map((day) => {
            const current = dayOf(day);
            const dayName = t(`day_${day}`);
            return (
              <tr key={day}>
                <th scope="row">{dayName}</th>
                <td>
                  <input
                    type="checkbox"
                    aria-label={t('openOn', { day: dayName })}
                    checked={Boolean(current)}
                    onChange={(e) => set(day, e.target.checked ? { day, opens: '08:00:00', closes: '15:30:00' } : null)}
                  />
                </td>
                <td>
                  {current && (
                    <input type="time" aria-label={t('opensOn', { day: dayName })} value={current.opens.slice(0, 5)} onChange={(e) => set(day, { ...current, opens: `${e.target.value}:00` })} />
                  )}
                </td>
                <td>
                  {current && (
                    <input
                      type="time"
                      aria-label={t('closesOn', { day: dayName })}
                      value={current.closes.slice(0, 5)}
                      onChange={(e) => set(day, { ...current, closes: `${e.target.value}:00` })}
                    />
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      </div>
    </fieldset>
  );
}

function FigureCharts({ kommunenummer }: { kommunenummer: string }) {
  const { t } = useI18n();
  const [figures, setFigures] = useState<Figures | null>(null);
  useEffect(() => {
    api<Figures>(`/api/v1/admin/municipalities/${kommunenummer}/figures`).then(setFigures, () => setFigures({}));
  }, [kommunenummer]);
  if (!figures) return <Loader ariaLabel={t('loading')} />;

  const weeks = [...new Set((figures.messages?.perUnitAndWeek ?? []).map((w) => w.week))].sort();
  const weekLabel = (week: string) => t('weekShort', { week: Number(week.split('-W')[1]) });
  const dayLabel = (day: string) => `${day.slice(8, 10)}.${day.slice(5, 7)}`;
  const perWeek = (pick: (w: { fromCitizens: number; fromUnit: number }) => number) =>
    weeks.map((week) => (figures.messages?.perUnitAndWeek ?? []).filter((w) => w.week === week).reduce((sum, w) => sum + pick(w), 0));
  const days = (figures.notices ?? []).map((n) => n.day);
  const noticeDays = [...new Set(days)].sort();
  const perDay = (pick: (n: { planned: number; sent: number; delivered: number; failed: number }) => number) =>
    noticeDays.map((day) => (figures.notices ?? []).filter((n) => n.day === day).reduce((sum, n) => sum + pick(n), 0));
  const appointments = figures.appointments;
  const chat = figures.youthChat?.perUnit ?? [];

  return (
    <section aria-labelledby="figures-title">
      <Title id="figures-title" htmlMarkup="h2" appearance="title2">
        {t('figures')}
      </Title>
      {appointments && (
        <BarChart
          title={t('chartAppointments')}
          categories={appointments.perWeek.map((w) => weekLabel(w.week))}
          series={[
            { name: t('allAppointments'), values: appointments.perWeek.map((w) => w.appointments) },
            { name: t('attended'), values: appointments.perWeek.map((w) => w.attended) },
            { name: t('digitalCancellations'), values: appointments.perWeek.map((w) => w.digitalCancellations) },
            { name: t('noShows'), values: appointments.perWeek.map((w) => w.noShows) },
          ]}
        />
      )}
      <BarChart
        title={t('chartMessages')}
        categories={weeks.map(weekLabel)}
        series={[
          { name: t('fromCitizens'), values: perWeek((w) => w.fromCitizens) },
          { name: t('fromUnits'), values: perWeek((w) => w.fromUnit) },
        ]}
      />
      <BarChart
        title={t('chartNotices')}
        categories={noticeDays.map(dayLabel)}
        series={[
          { name: t('planned'), values: perDay((n) => n.planned) },
          { name: t('delivered'), values: perDay((n) => n.delivered) },
          { name: t('failed'), values: perDay((n) => n.failed) },
        ]}
      />
      <BarChart
        title={t('chartChatsPerWeek')}
        categories={(figures.youthChat?.perWeek ?? []).map((w) => weekLabel(w.week))}
        series={[
          { name: t('answered'), values: (figures.youthChat?.perWeek ?? []).map((w) => w.answered) },
          { name: t('unanswered'), values: (figures.youthChat?.perWeek ?? []).map((w) => w.unanswered) },
        ]}
      />
      <BarChart
        title={t('chartChats')}
        categories={chat.map((u) => u.unitName)}
        series={[
          { name: t('answered'), values: chat.map((u) => u.answered) },
          { name: t('unanswered'), values: chat.map((u) => u.unanswered) },
        ]}
      />
    </section>
  );
}
