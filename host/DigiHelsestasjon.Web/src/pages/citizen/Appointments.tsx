import { useQuery } from '@tanstack/react-query';
import Title from '@helsenorge/designsystem-react/components/Title';
import { ApiError, type Appointment, type Representation } from '../../api';
import { useI18n } from '../../i18n';
import { Loaded } from '../../query';
import { AppointmentCard } from './AppointmentCard';
import { appointmentsQuery } from './appointmentsQuery';
import { NeedsIdPorten } from './NeedsIdPorten';

/** /innbygger/{subjectId}/avtaler: the person's coming and past appointments. */
export function Appointments({ subject }: { subject: Representation }) {
  const query = useQuery(appointmentsQuery(subject.subjectId));
  if (query.error instanceof ApiError && query.error.code === 'insufficient-assurance') return <NeedsIdPorten />;
  return <Loaded query={query}>{(appointments) => <AppointmentList subject={subject} appointments={appointments} />}</Loaded>;
}

function AppointmentList({ subject, appointments }: { subject: Representation; appointments: Appointment[] }) {
  const { t } = useI18n();
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
      <ul className="cards" aria-labelledby="upcoming-title">
        {upcoming.map((a) => (
          <AppointmentCard key={a.appointmentId} appointment={a} subjectId={subject.subjectId} mayCancel={mayCancel} mayMove={mayMove} />
        ))}
      </ul>
      <Title htmlMarkup="h2" appearance="title2">
        {t('pastAppointments')}
      </Title>
      {past.length === 0 && <p>{t('noPastAppointments')}</p>}
      <ul className="cards">
        {past.map((a) => (
          <AppointmentCard key={a.appointmentId} appointment={a} subjectId={subject.subjectId} mayCancel={false} mayMove={false} />
        ))}
      </ul>
    </section>
  );
}
