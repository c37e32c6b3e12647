import { useCallback, useEffect, useState } from 'react';
import Button from '@helsenorge/designsystem-react/components/Button';
import Loader from '@helsenorge/designsystem-react/components/Loader';
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import Title from '@helsenorge/designsystem-react/components/Title';
import { useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../api';
import { formatDateTime, formatDay, formatTime } from '../../format';
import { useI18n } from '../../i18n';
import { problemText } from '../../problems';
import type { Booking, FreeSlot, Representation } from '../../api';
import { appointmentsKey } from './appointmentsQuery';

const bookingStateKeys = { requested: 'booking_requested', confirmed: 'booking_confirmed', refused: 'booking_refused' } as const;

/** Free times at the units this person may book (a youth at the school nurse or HFU, a guardian at the health station),
 * and the bookings made, followed until the journal confirms. */
export function SelfBooking({ subject }: { subject: Representation }) {
  const { t, language } = useI18n();
  const queryClient = useQueryClient();
  const [slots, setSlots] = useState<FreeSlot[] | null>(null);
  const [bookings, setBookings] = useState<Booking[]>([]);
  // Moving a time (from the appointment list): a new time at the same place; the old one is cancelled once it is confirmed.
  const [moving] = useState(() => {
    const query = new URLSearchParams(window.location.search);
    const appointmentId = query.get('flytt');
    const unit = query.get('enhet');
    return appointmentId && unit ? { appointmentId, unitId: unit } : null;
  });
  const [unitId, setUnitId] = useState(moving?.unitId ?? '');
  const [notice, setNotice] = useState<{ variant: 'success' | 'info' | 'warn' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const base = `/api/v1/subjects/${subject.subjectId}`;

  const loadBookings = useCallback(async () => setBookings(await api<Booking[]>(`${base}/bookings`)), [base]);
  const loadSlots = useCallback(async () => {
    try {
      setSlots(await api<FreeSlot[]>(`${base}/free-slots${moving ? `?unitId=${moving.unitId}` : ''}`));
    } catch (e) {
      setSlots([]);
      setNotice({ variant: 'error', text: problemText(t, e) });
    }
  }, [base, moving]);

  useEffect(() => {
    void loadSlots();
    void loadBookings();
  }, [loadSlots, loadBookings]);

  // A booking the health service must approve is followed live.
  const waiting = bookings.some((b) => b.state === 'requested');
  useEffect(() => {
    if (!waiting) return;
    const timer = window.setInterval(() => void loadBookings(), 2000);
    return () => window.clearInterval(timer);
  }, [waiting, loadBookings]);

  const book = async (slot: FreeSlot) => {
    setBusy(true);
    setNotice(null);
    try {
      const booking = await api<Booking>(`${base}/bookings`, { method: 'POST', body: { slotId: slot.slotId, replacesAppointmentId: moving?.appointmentId } });
      setNotice(
        booking.state === 'confirmed'
          ? { variant: 'success', text: t('bookingConfirmed', { when: formatDateTime(booking.start, language) }) }
          : booking.state === 'requested'
            ? { variant: 'info', text: t('bookingRequested', { when: formatDateTime(booking.start, language) }) }
            : { variant: 'warn', text: booking.reason ?? t('bookingRefused') },
      );
      // The new time (and a moved time's cancellation) shows in the appointment list the next time it is opened.
      await queryClient.invalidateQueries({ queryKey: appointmentsKey(subject.subjectId) });
      await Promise.all([loadBookings(), loadSlots()]);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'slot-taken') {
        // Taken meanwhile: the answer carries the times that are free now.
        setSlots((e.problem.freeSlots as FreeSlot[] | undefined) ?? []);
        setNotice({ variant: 'warn', text: t('slotTaken') });
      } else {
        setNotice({ variant: 'error', text: problemText(t, e) });
      }
    } finally {
      setBusy(false);
    }
  };

  if (!slots) return <Loader ariaLabel={t('loading')} />;
  const units = [...new Map(slots.map((s) => [s.unitId, s.unitName])).entries()];
  const shown = slots.filter((s) => unitId === '' || s.unitId === unitId).slice(0, 30);
  const days = [...new Set(shown.map((s) => formatDay(s.start, language)))];
  const heading = (day: string) => day.charAt(0).toUpperCase() + day.slice(1);

  return (
    <section aria-labelledby="booking-title">
      <Title id="booking-title" htmlMarkup="h2" appearance="title2">
        {t('bookTitle')}
      </Title>
      <p>{subject.relation === 'self' ? t('bookLeadSelf') : t('bookLeadChild')}</p>
      {moving && (
        <NotificationPanel variant="info" labelHtmlMarkup="h2" label={t('movingTitle')}>
          {t('movingLead')}
        </NotificationPanel>
      )}
      {notice && (
        <NotificationPanel variant={notice.variant} role={notice.variant === 'error' || notice.variant === 'warn' ? 'alert' : 'status'}>
          {notice.text}
        </NotificationPanel>
      )}
      {bookings.length > 0 && (
        <>
          <Title htmlMarkup="h3" appearance="title3">
            {t('yourBookings')}
          </Title>
          <ul className="cards" data-testid="bookings">
            {bookings.slice(0, 10).map((b) => (
              <li key={b.bookingId} className="card">
                <p className="when">{formatDateTime(b.start, language)}</p>
                <p>
                  {b.kind} · {b.unitName}
                </p>
                <p className="state">
                  <span className={`state-tag state-booking-${b.state}`}>{t(bookingStateKeys[b.state])}</span>
                </p>
                {b.state !== 'confirmed' && b.reason && <p>{b.reason}</p>}
              </li>
            ))}
          </ul>
        </>
      )}
      <Title htmlMarkup="h3" appearance="title3">
        {t('freeTimes')}
      </Title>
      {units.length > 1 && !moving && (
        <p>
          <label htmlFor="unit-choice">{t('chooseUnit')}</label>{' '}
          <select id="unit-choice" value={unitId} onChange={(e) => setUnitId(e.target.value)}>
            <option value="">{t('allUnits')}</option>
            {units.map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        </p>
      )}
      {shown.length === 0 && <p>{t('noFreeTimes')}</p>}
      {days.map((day) => (
        <div key={day} className="slot-day">
          <Title htmlMarkup="h4" appearance="title4">
            {heading(day)}
          </Title>
          <ul className="slots" data-testid="free-slots">
            {shown
              .filter((s) => formatDay(s.start, language) === day)
              .map((s) => (
                <li key={s.slotId}>
                  <Button variant="outline" disabled={busy} onClick={() => void book(s)} ariaLabel={t('bookSlot', { when: formatDateTime(s.start, language), unit: s.unitName })}>
                    {formatTime(s.start, language)} · {s.unitName}
                  </Button>
                </li>
              ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
