import { useCallback, useEffect, useRef, useState } from 'react';
import Button from '@helsenorge/designsystem-react/components/Button';
import Loader from '@helsenorge/designsystem-react/components/Loader';
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import Textarea from '@helsenorge/designsystem-react/components/Textarea';
import Title from '@helsenorge/designsystem-react/components/Title';
import { api, ApiError } from '../../api';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { Link } from 'react-router';
import type { Appointment, Representation } from '../../api';

export function Appointments({ subject }: { subject: Representation }) {
  const { t } = useI18n();
  const [appointments, setAppointments] = useState<Appointment[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [needsHigh, setNeedsHigh] = useState(false);
  const shownAt = useRef(performance.now());

  const load = useCallback(async () => {
    try {
      const list = await api<Appointment[]>(`/api/v1/subjects/${subject.subjectId}/appointments`);
      setAppointments(list);
      if (!window.__appointmentsShown) {
        // For the browser test's report: from navigation start to the list on screen (Performance API).
        window.__appointmentsShown = performance.now();
        performance.mark('appointments-shown');
      }
    } catch (e) {
      if (e instanceof ApiError && e.code === 'insufficient-assurance') setNeedsHigh(true);
      else setError(e instanceof ApiError ? e.message : String(e));
    }
  }, [subject.subjectId]);

  useEffect(() => {
    shownAt.current = performance.now();
    void load();
  }, [load]);

  // A cancellation the health service must decide is shown live: ask again while one waits.
  const waiting = appointments?.some((a) => a.cancellation?.state === 'requested') ?? false;
  useEffect(() => {
    if (!waiting) return;
    const timer = window.setInterval(() => void load(), 2000);
    return () => window.clearInterval(timer);
  }, [waiting, load]);

  if (needsHigh) return <NeedsIdPorten />;
  if (error) return <NotificationPanel variant="error" label={t('somethingFailed')}>{error}</NotificationPanel>;
  if (!appointments) return <Loader ariaLabel={t('loading')} />;

  const now = Date.now();
  const upcoming = appointments.filter((a) => new Date(a.end).getTime() >= now).sort((a, b) => a.start.localeCompare(b.start));
  const past = appointments.filter((a) => new Date(a.end).getTime() < now).sort((a, b) => b.start.localeCompare(a.start));
  const mayCancel = subject.permissions.includes('appointments.cancel');
  // Moving a time is booking a new one at the same place (a youth of 12-24 for themself, a guardian for a child under 12).
  const mayMove = mayCancel && subject.permissions.includes('appointments.book') && (subject.relation === 'self' ? subject.age >= 12 && subject.age <= 24 : subject.age < 12);

  return (
    <section aria-labelledby="upcoming-title">
      <Title id="upcoming-title" htmlMarkup="h2" appearance="title2">
        {t('upcomingAppointments')}
      </Title>
      {upcoming.length === 0 && <p>{t('noUpcomingAppointments')}</p>}
      <ul className="cards" data-testid="upcoming-appointments">
        {upcoming.map((a) => (
          <AppointmentCard key={a.appointmentId} appointment={a} subjectId={subject.subjectId} mayCancel={mayCancel} mayMove={mayMove} onChanged={load} />
        ))}
      </ul>
      <Title htmlMarkup="h2" appearance="title2">
        {t('pastAppointments')}
      </Title>
      {past.length === 0 && <p>{t('noPastAppointments')}</p>}
      <ul className="cards">
        {past.map((a) => (
          <AppointmentCard key={a.appointmentId} appointment={a} subjectId={subject.subjectId} mayCancel={false} mayMove={false} onChanged={load} />
        ))}
      </ul>
    </section>
  );
}

/** Shown where a page needs ID-porten's level high and the person logged in with Feide or MinID. */
export function NeedsIdPorten() {
  const { t } = useI18n();
  const here = encodeURIComponent(window.location.pathname);
  return (
    <NotificationPanel variant="info" label={t('needsIdPortenTitle')}>
      <p>{t('needsIdPorten')}</p>
      <a href={`/bff/login?issuer=idporten&returnUrl=${here}`}>{t('loginCitizen')}</a>
    </NotificationPanel>
  );
}

declare global {
  interface Window {
    __appointmentsShown?: number;
  }
}

function AppointmentCard({ appointment: a, subjectId, mayCancel, mayMove, onChanged }: {
  appointment: Appointment;
  subjectId: string;
  mayCancel: boolean;
  mayMove: boolean;
  onChanged: () => Promise<void>;
}) {
  const { t, language } = useI18n();
  const [cancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [missingReason, setMissingReason] = useState(false);
  const titleId = `appointment-${a.appointmentId}`;
  const reasonField = useRef<HTMLTextAreaElement>(null);
  // The button that opened the form is gone: the focus moves to the form, or a keyboard user would start over from the top.
  useEffect(() => {
    if (cancelling) reasonField.current?.focus();
  }, [cancelling]);
  const past = new Date(a.end).getTime() < Date.now();
  const pastDeadline = a.cancelDeadline !== null && new Date(a.cancelDeadline).getTime() < Date.now();
  const cancellable = mayCancel && a.status === 'booked' && (a.cancellation === null || a.cancellation.state === 'refused');

  const submit = async () => {
    // Checked here, in the page's own words: the browser's "required" message would come in the browser's language.
    if (reason.trim() === '') {
      setMissingReason(true);
      reasonField.current?.focus();
      return;
    }
    setMissingReason(false);
    setBusy(true);
    setProblem(null);
    try {
      await api(`/api/v1/subjects/${subjectId}/appointments/${a.appointmentId}/cancellation`, { method: 'POST', body: { reason } });
      setCancelling(false);
      await onChanged();
    } catch (e) {
      setProblem(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <li className="card" aria-labelledby={titleId}>
      <Title id={titleId} htmlMarkup="h3" appearance="title4">
        {a.type}
      </Title>
      <p className="when">{formatDateTime(a.start, language)}</p>
      <p>
        {a.unitName}
        {a.location && a.location !== a.unitName ? ` · ${a.location}` : ''}
        {a.practitionerRole ? ` · ${a.practitionerRole}` : ''}
      </p>
      {(!past || a.cancellation || a.status !== 'booked') && (
        <p className="state" data-testid="appointment-state">
          <span className={`state-tag state-${a.cancellation?.state ?? a.status}`}>{stateText(a, t)}</span>
        </p>
      )}
      {a.cancellation?.state === 'refused' && a.cancellation.reason && (
        <p>
          {t('refusedReason')}: {a.cancellation.reason}
        </p>
      )}
      {a.information && (
        <details>
          <summary>{t('whatHappens')}</summary>
          <p className="information">{a.information}</p>
        </details>
      )}
      {cancellable && a.cancelDeadline && (
        <p className="deadline">{pastDeadline ? t('deadlinePassed') : t('cancelBefore', { when: formatDateTime(a.cancelDeadline, language) })}</p>
      )}
      {cancellable && !pastDeadline && !cancelling && (
        <div className="actions">
          <Button variant="outline" onClick={() => setCancelling(true)}>
            {t('cancelAppointment')}
          </Button>
          {mayMove && a.cancellation === null && (
            <Link className="move-link" to={`/innbygger/${subjectId}/bestill?flytt=${a.appointmentId}&enhet=${a.unitId}`}>
              {t('moveAppointment')}
            </Link>
          )}
        </div>
      )}
      {cancelling && (
        <form
          className="cancel-form"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <Textarea
            ref={reasonField}
            textareaId={`reason-${a.appointmentId}`}
            error={missingReason}
            errorText={missingReason ? t('cancelReasonMissing') : undefined}
            label={t('cancelReason')}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            maxCharacters={500}
          />
          {problem && (
            <NotificationPanel variant="error" role="alert">
              {problem}
            </NotificationPanel>
          )}
          <div className="actions">
            <Button type="submit" disabled={busy}>
              {t('confirmCancel')}
            </Button>
            <Button type="button" variant="borderless" onClick={() => setCancelling(false)}>
              {t('keepAppointment')}
            </Button>
          </div>
        </form>
      )}
    </li>
  );
}

function stateText(a: Appointment, t: ReturnType<typeof useI18n>['t']): string {
  switch (a.cancellation?.state) {
    case 'requested':
      return t('cancellationRequested');
    case 'accepted':
      return t('cancelled');
    case 'refused':
      return t('cancellationRefused');
  }
  return a.status === 'cancelled' ? t('cancelled') : a.status === 'booked' ? t('booked') : a.status;
}
