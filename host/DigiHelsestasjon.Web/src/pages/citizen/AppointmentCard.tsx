import { useEffect, useRef, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import Button from '@helsenorge/designsystem-react/components/Button';
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import Textarea from '@helsenorge/designsystem-react/components/Textarea';
import Title from '@helsenorge/designsystem-react/components/Title';
import { postApiV1SubjectsBySubjectIdAppointmentsByAppointmentIdCancellation, type Appointment } from '../../api';
import { formatDateTime, formatDay } from '../../format';
import { useI18n } from '../../i18n';
import { problemText } from '../../problems';
import { appointmentsKey } from './appointmentsQuery';
import { appointmentIcs, saveIcs } from './ics';

/** One appointment: when, where, its state, and (when allowed and in time) cancel or move it. */
export function AppointmentCard({ appointment: a, subjectId, mayCancel, mayMove }: {
  appointment: Appointment;
  subjectId: string;
  mayCancel: boolean;
  mayMove: boolean;
}) {
  const { t, language } = useI18n();
  const [cancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState('');
  const queryClient = useQueryClient();
  const cancel = useMutation({
    mutationFn: (reason: string) =>
      postApiV1SubjectsBySubjectIdAppointmentsByAppointmentIdCancellation({ path: { subjectId, appointmentId: a.appointmentId }, body: { reason } }),
    onSuccess: async () => {
      setCancelling(false);
      // The form and its button are gone: the person continues at the appointment, whose state is announced.
      titleRef.current?.focus();
      await queryClient.invalidateQueries({ queryKey: appointmentsKey(subjectId) });
    },
  });
  const [missingReason, setMissingReason] = useState(false);
  const titleId = `appointment-${a.appointmentId}`;
  const reasonField = useRef<HTMLTextAreaElement>(null);
  const titleRef = useRef<HTMLHeadingElement>(null);
  // A button names its object: a screen reader's list of buttons has many "Avbestill timen" (aria-label: the design
  // system's ariaLabel is read only for a button without text).
  const named = { what: a.type, when: formatDay(a.start, language) };
  // The button that opened the form is gone: the focus moves to the form, or a keyboard user would start over from the top.
  useEffect(() => {
    if (cancelling) reasonField.current?.focus();
  }, [cancelling]);
  const past = new Date(a.end).getTime() < Date.now();
  const pastDeadline = a.cancelDeadline !== null && new Date(a.cancelDeadline).getTime() < Date.now();
  const cancellable = mayCancel && a.status === 'booked' && (a.cancellation === null || a.cancellation.state === 'refused');

  const addToCalendar = () => {
    const minutes = Math.round((new Date(a.end).getTime() - new Date(a.start).getTime()) / 60_000);
    // A video appointment has no place to go: the calendar says so, where a visit has its address.
    const where = a.isVideo ? `${t('videoAppointment')} (${a.unitName})` : a.location && a.location !== a.unitName ? `${a.unitName}, ${a.location}` : a.unitName;
    const description = [t('icsDuration', { minutes }), a.isVideo ? t('videoAppointmentHelp') : '', a.practitionerRole ? `${t('icsWith')}: ${a.practitionerRole}` : '', a.information ?? ''].filter(Boolean).join('\n');
    saveIcs(appointmentIcs(a, new Date(), { where, description }), `time-${a.start.slice(0, 10)}.ics`);
  };

  const submit = () => {
    // Checked here, in the page's own words: the browser's "required" message would come in the browser's language.
    if (reason.trim() === '') {
      setMissingReason(true);
      reasonField.current?.focus();
      return;
    }
    setMissingReason(false);
    cancel.mutate(reason);
  };

  return (
    <li className="card" aria-labelledby={titleId}>
      <Title id={titleId} ref={titleRef} tabIndex={-1} htmlMarkup="h3" appearance="title4">
        {a.type}
      </Title>
      <p className="when">{formatDateTime(a.start, language)}</p>
      <p>
        {a.isVideo && <span className="video-tag">{t('videoAppointment')} · </span>}
        {a.unitName}
        {!a.isVideo && a.location && a.location !== a.unitName ? ` · ${a.location}` : ''}
        {a.practitionerRole ? ` · ${a.practitionerRole}` : ''}
      </p>
      {(!past || a.cancellation || a.status !== 'booked') && (
        <p className="state" role="status">
          <span className={`state-tag state-${a.cancellation?.state ?? a.status}`}>{stateText(a, t, language)}</span>
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
      {!past && a.status === 'booked' && a.cancellation?.state !== 'accepted' && (
        <p>
          <Button variant="borderless" onClick={addToCalendar} aria-label={t('addToCalendarNamed', named)}>
            {t('addToCalendar')}
          </Button>
        </p>
      )}
      {cancellable && !pastDeadline && !cancelling && (
        <div className="actions">
          <Button variant="outline" onClick={() => setCancelling(true)} aria-label={t('cancelNamed', named)}>
            {t('cancelAppointment')}
          </Button>
          {mayMove && a.cancellation === null && (
            <Link className="move-link" aria-label={t('moveNamed', named)} to={`/innbygger/${subjectId}/bestill?flytt=${a.appointmentId}&enhet=${a.unitId}`}>
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
          {cancel.isError && (
            <NotificationPanel variant="error" role="alert">
              {problemText(t, cancel.error)}
            </NotificationPanel>
          )}
          <div className="actions">
            <Button type="submit" disabled={cancel.isPending} aria-label={t('confirmCancelNamed', named)}>
              {t('confirmCancel')}
            </Button>
            <Button
              type="button"
              variant="borderless"
              onClick={() => {
                setCancelling(false);
                titleRef.current?.focus();
              }}
            >
              {t('keepAppointment')}
            </Button>
          </div>
        </form>
      )}
    </li>
  );
}

function stateText(a: Appointment, t: ReturnType<typeof useI18n>['t'], language: string): string {
  // A move cancels the old time: its card says where the appointment went, not only that it was cancelled.
  if (a.movedTo) return t('movedTo', { when: formatDateTime(a.movedTo, language) });
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
