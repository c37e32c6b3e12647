import { useEffect, useRef, useState } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Button from '@helsenorge/designsystem-react/components/Button';
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import Textarea from '@helsenorge/designsystem-react/components/Textarea';
import Title from '@helsenorge/designsystem-react/components/Title';
import {
  ApiError,
  data,
  getApiV1SubjectsBySubjectIdBookingPlaces,
  getApiV1SubjectsBySubjectIdBookings,
  getApiV1SubjectsBySubjectIdFreeSlotDays,
  postApiV1SubjectsBySubjectIdBookings,
  type BookableSlot,
  type Booking,
  type BookingPlace,
  type FreeSlotDaysPage,
  type Representation,
} from '../../api';
import { formatDate, formatDateTime, formatDay, formatTime } from '../../format';
import { useI18n } from '../../i18n';
import { fieldProblems } from '../../problems';
import { followRhythm, Loaded, ProblemMessage } from '../../query';
import { appointmentsKey, appointmentsQuery } from './appointmentsQuery';

const bookingStateKeys = { requested: 'booking_requested', confirmed: 'booking_confirmed', refused: 'booking_refused' } as const;

const bookingsKey = (subjectId: string) => ['subjects', subjectId, 'bookings'];

/** Free times at the places this person belongs to (a youth at her school nurse or HFU, a guardian at the child's health
 * station), four weeks shown by day a page at a time; a time is booked only after a confirm step that says what, where,
 * when and for whom, and the banner follows the booking until the journal confirms it. */
export function SelfBooking({ subject }: { subject: Representation }) {
  const { t } = useI18n();
  const places = useQuery({
    queryKey: ['subjects', subject.subjectId, 'booking-places'],
    queryFn: () => data<BookingPlace[]>(getApiV1SubjectsBySubjectIdBookingPlaces({ path: { subjectId: subject.subjectId } })),
  });
  return (
    <section aria-labelledby="booking-title">
      <Title id="booking-title" htmlMarkup="h2" appearance="title2">
        {t('bookTitle')}
      </Title>
      <p>{subject.relation === 'self' ? t('bookLeadSelf') : t('bookLeadChild')}</p>
      <Loaded query={places}>{(list) => <Booker subject={subject} places={list} />}</Loaded>
    </section>
  );
}

function Booker({ subject, places }: { subject: Representation; places: BookingPlace[] }) {
  const { t, language } = useI18n();
  const queryClient = useQueryClient();
  const subjectId = subject.subjectId;
  // Moving a time (from the appointment list): a new time at the same place; the old one is cancelled once it is confirmed.
  const [moving] = useState(() => {
    const query = new URLSearchParams(window.location.search);
    const appointmentId = query.get('flytt');
    const unit = query.get('enhet');
    return appointmentId && unit ? { appointmentId, unitId: unit } : null;
  });
  const [unitId, setUnitId] = useState(moving?.unitId ?? '');
  const [page, setPage] = useState(1);
  const [chosen, setChosen] = useState<BookableSlot | null>(null);
  const [madeId, setMadeId] = useState<string | null>(null);
  const [taken, setTaken] = useState(false);
  // "Hva gjelder det": asked only where the unit's journal keeps it with the booking (takesNote).
  const [note, setNote] = useState('');
  const confirmHeading = useRef<HTMLHeadingElement>(null);
  const banner = useRef<HTMLDivElement>(null);
  const daysHeading = useRef<HTMLHeadingElement>(null);

  const bookings = useQuery({
    queryKey: bookingsKey(subjectId),
    queryFn: () => data<Booking[]>(getApiV1SubjectsBySubjectIdBookings({ path: { subjectId } })),
    // A booking the health service must approve is followed live, so its answer shows while the person looks.
    refetchInterval: (query) => (query.state.data?.some((b) => b.state === 'requested') ? followRhythm : false),
  });
  const days = useQuery({
    queryKey: ['subjects', subjectId, 'free-slot-days', unitId, page],
    queryFn: () =>
      data<FreeSlotDaysPage>(getApiV1SubjectsBySubjectIdFreeSlotDays({ path: { subjectId }, query: { unitId: unitId || undefined, page } })),
    placeholderData: keepPreviousData,
  });
  // The appointments already held, to say which one a chosen time would clash with.
  const appointments = useQuery(appointmentsQuery(subjectId));

  const book = useMutation({
    mutationFn: (slot: BookableSlot) =>
      data<Booking>(
        postApiV1SubjectsBySubjectIdBookings({
          path: { subjectId },
          body: { slotId: slot.slotId, replacesAppointmentId: moving?.appointmentId, note: slot.takesNote && note.trim() ? note.trim() : undefined },
        }),
      ),
    onSuccess: async (booking) => {
      setChosen(null);
      setNote('');
      setMadeId(booking.bookingId);
      queryClient.setQueryData<Booking[]>(bookingsKey(subjectId), (list) => [booking, ...(list ?? []).filter((b) => b.bookingId !== booking.bookingId)]);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: bookingsKey(subjectId) }),
        queryClient.invalidateQueries({ queryKey: ['subjects', subjectId, 'free-slot-days'] }),
        queryClient.invalidateQueries({ queryKey: appointmentsKey(subjectId) }),
      ]);
    },
    onError: async (error) => {
      if (error instanceof ApiError && error.code === 'slot-taken') {
        // Taken meanwhile: back to the list, read again, with a word why.
        setChosen(null);
        setTaken(true);
        await queryClient.invalidateQueries({ queryKey: ['subjects', subjectId, 'free-slot-days'] });
      }
    },
  });

  // The person continues where the page changed: the confirm step, or the answer to the booking.
  useEffect(() => {
    if (chosen) confirmHeading.current?.focus();
  }, [chosen]);
  useEffect(() => {
    if (madeId || taken) banner.current?.focus();
  }, [madeId, taken]);

  // The banner reads the booking as the list has it now: "bestilt" only once the journal has confirmed it.
  const made = madeId ? (bookings.data?.find((b) => b.bookingId === madeId) ?? book.data ?? null) : null;
  const notice = made
    ? made.state === 'confirmed'
      ? { variant: 'success' as const, text: t('bookingConfirmed', { when: formatDateTime(made.start, language) }) }
      : made.state === 'requested'
        ? { variant: 'info' as const, text: t('bookingRequested', { when: formatDateTime(made.start, language) }) }
        : { variant: 'warn' as const, text: made.reason ?? t('bookingRefused') }
    : taken
      ? { variant: 'warn' as const, text: t('slotTaken') }
      : null;

  const placeOf = (id: string) => places.find((p) => p.unitId === id);
  const who = subject.relation === 'self' ? t('bookForYou') : subject.name;
  const changePlace = (id: string) => {
    setUnitId(id);
    setPage(1);
    setChosen(null);
  };
  const turnPage = (to: number) => {
    setPage(to);
    daysHeading.current?.focus();
  };

  return (
    <>
      {moving && (
        <NotificationPanel variant="info" labelHtmlMarkup="h3" label={t('movingTitle')}>
          {t('movingLead')}
        </NotificationPanel>
      )}
      {/* Always in the page, so a screen reader announces what comes into it. */}
      <div ref={banner} tabIndex={-1} role="status" className="live-region" aria-label={t('bookingNotice')}>
        {notice && <NotificationPanel variant={notice.variant}>{notice.text}</NotificationPanel>}
      </div>
      {bookings.data && bookings.data.length > 0 && (
        <>
          <Title id="your-bookings-title" htmlMarkup="h3" appearance="title3">
            {t('yourBookings')}
          </Title>
          <ul className="cards" aria-labelledby="your-bookings-title">
            {bookings.data.slice(0, 10).map((b) => (
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

      {chosen ? (
        <section className="confirm-booking" aria-labelledby="confirm-title">
          <Title id="confirm-title" ref={confirmHeading} tabIndex={-1} htmlMarkup="h3" appearance="title3">
            {t('bookConfirmTitle')}
          </Title>
          <dl className="facts">
            <dt>{t('bookWhat')}</dt>
            <dd>{chosen.kind}</dd>
            <dt>{t('bookWhere')}</dt>
            <dd>
              {chosen.unitName}
              {placeOf(chosen.unitId)?.address ? `, ${placeOf(chosen.unitId)?.address}` : ''}
            </dd>
            <dt>{t('bookWhen')}</dt>
            <dd>{t('bookWhenText', { when: formatDateTime(chosen.start, language), end: formatTime(chosen.end, language) })}</dd>
            <dt>{t('bookForWhom')}</dt>
            <dd>{who}</dd>
          </dl>
          {chosen.overlaps.length > 0 && (
            <NotificationPanel variant="warn">
              {t('bookOverlap', {
                what: chosen.overlaps
                  .map((o) => {
                    const held = appointments.data?.find((a) => a.appointmentId === o.appointmentId);
                    return held ? `${held.type} ${formatDateTime(o.start, language)}` : formatDateTime(o.start, language);
                  })
                  .join(', '),
              })}
            </NotificationPanel>
          )}
          {chosen.takesNote && (
            <div className="booking-note">
              <Textarea
                textareaId="booking-note"
                label={t('bookNote')}
                value={note}
                onChange={(e) => setNote(e.target.value)}
                minRows={3}
                maxCharacters={500}
                resources={{ characters: t('characters') }}
                errorText={fieldProblems(t, book.error).note}
                aria-describedby="booking-note-help"
              />
              <p id="booking-note-help" className="muted">
                {t('bookNoteHelp')}
              </p>
            </div>
          )}
          {book.isError && !(book.error instanceof ApiError && book.error.code === 'slot-taken') && <ProblemMessage error={book.error} />}
          <div className="actions">
            <Button onClick={() => book.mutate(chosen)} disabled={book.isPending}>
              {t('bookConfirm')}
            </Button>
            <Button variant="borderless" onClick={() => setChosen(null)}>
              {t('bookOtherTime')}
            </Button>
          </div>
        </section>
      ) : (
        <>
          <Title id="free-times-title" ref={daysHeading} tabIndex={-1} htmlMarkup="h3" appearance="title3">
            {t('freeTimes')}
          </Title>
          {places.length === 0 && <p>{t('bookNoPlaces')}</p>}
          {places.length > 1 && !moving && (
            <p>
              <label htmlFor="unit-choice">{t('chooseUnit')}</label>{' '}
              <select id="unit-choice" value={unitId} onChange={(e) => changePlace(e.target.value)}>
                <option value="">{t('allUnits')}</option>
                {places.map((p) => (
                  <option key={p.unitId} value={p.unitId}>
                    {p.unitName}
                  </option>
                ))}
              </select>
            </p>
          )}
          {places.length === 1 && (
            <p>
              {places[0].unitName}
              {places[0].address ? `, ${places[0].address}` : ''}
            </p>
          )}
          {places.length > 0 && (
            <Loaded query={days}>
              {(found) => freeDays(found)}
            </Loaded>
          )}
        </>
      )}
    </>
  );

  function choose(slot: BookableSlot) {
    // A note written for a place that keeps it is not carried unseen to one that does not.
    if (!slot.takesNote) setNote('');
    setTaken(false);
    setMadeId(null);
    book.reset();
    setChosen(slot);
  }

  // A plain function, not a component: a component declared in here would be a new one each render and lose the focus.
  function freeDays(found: FreeSlotDaysPage) {
    // One kind of time in the list (the usual case): said once above it, so each button is short enough for a phone row.
    const kinds = new Set(found.days.flatMap((d) => d.slots.map((s) => s.kind)));
    const oneKind = kinds.size === 1 ? [...kinds][0] : null;
    const missing = found.unavailableUnits.map((id) => placeOf(id)?.unitName).filter((n): n is string => !!n);
    const heading = (iso: string) => {
      const day = formatDay(iso, language);
      return day.charAt(0).toUpperCase() + day.slice(1);
    };
    return (
      <>
        <p className="muted">{t('bookWindow', { from: formatDate(found.from.slice(0, 10), language), to: formatDate(found.to.slice(0, 10), language) })}</p>
        {oneKind && <p>{t('bookKind', { kind: oneKind })}</p>}
        {missing.length > 0 && (
          <NotificationPanel variant="warn">
            {t('bookUnitsUnavailable', { units: missing.join(', ') })}
          </NotificationPanel>
        )}
        {found.days.length === 0 && <p>{page === 1 ? t('noFreeTimes') : t('bookNoMoreDays')}</p>}
        {found.days.map((day) => (
          <div key={day.date} className="slot-day">
            <Title htmlMarkup="h4" appearance="title4">
              {heading(day.slots[0]?.start ?? `${day.date}T12:00:00Z`)}
            </Title>
            <ul className="slots" aria-label={t('freeTimesOn', { day: formatDay(day.slots[0]?.start ?? `${day.date}T12:00:00Z`, language) })}>
              {day.slots.map((s) => (
                <li key={s.slotId}>
                  <Button
                    variant="outline"
                    onClick={() => choose(s)}
                    aria-label={t('bookSlotNamed', { time: formatTime(s.start, language), kind: s.kind, day: formatDay(s.start, language), unit: s.unitName }) + (s.overlaps.length > 0 ? `, ${t('bookSlotOverlaps')}` : '')}
                  >
                    {formatTime(s.start, language)}
                    {oneKind ? '' : ` · ${s.kind}`}
                    {unitId === '' && places.length > 1 ? ` · ${s.unitName}` : ''}
                    {s.overlaps.length > 0 ? ` · ${t('bookSlotOverlaps')}` : ''}
                  </Button>
                </li>
              ))}
            </ul>
          </div>
        ))}
        {(page > 1 || found.more) && (
          <nav className="pager actions" aria-label={t('bookPages')}>
            {page > 1 && (
              <Button variant="outline" onClick={() => turnPage(page - 1)}>
                {t('bookEarlierDays')}
              </Button>
            )}
            <span>{t('bookPageOf', { page })}</span>
            {found.more && (
              <Button variant="outline" onClick={() => turnPage(page + 1)}>
                {t('bookLaterDays')}
              </Button>
            )}
          </nav>
        )}
      </>
    );
  }
}

