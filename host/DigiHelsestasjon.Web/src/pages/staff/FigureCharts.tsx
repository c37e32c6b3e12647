import { useQuery } from '@tanstack/react-query';
import Title from '@helsenorge/designsystem-react/components/Title';
import { data, getApiV1AdminMunicipalitiesByKommunenummerFigures } from '../../api';
import { useI18n } from '../../i18n';
import { Loaded } from '../../query';
import { BarChart } from './BarChart';
import type { Figures } from './policyTypes';
import { dayAxis, onAxis, shortDate, weekAxis, weekMonday } from './timeAxis';

export function FigureCharts({ kommunenummer }: { kommunenummer: string }) {
  const query = useQuery({
    queryKey: ['admin', kommunenummer, 'figures'],
    queryFn: () => data<Figures>(getApiV1AdminMunicipalitiesByKommunenummerFigures({ path: { kommunenummer } })),
  });
  return <Loaded query={query}>{(figures) => <Charts figures={figures} />}</Loaded>;
}

/** Each chart over time has a true time axis: every week or day from the first to the last, each labelled with its date. */
function Charts({ figures }: { figures: Figures }) {
  const { t } = useI18n();
  const weekNumber = (week: string) => String(Number(week.split('-W')[1]));
  const weekLabel = (week: string) => t('weekWithDate', { week: weekNumber(week), date: shortDate(weekMonday(week)) });
  const weekLines = (week: string) => [t('weekShort', { week: weekNumber(week) }), shortDate(weekMonday(week))];
  const messageRows = figures.messages?.perUnitAndWeek ?? [];
  const weeks = weekAxis(messageRows.map((w) => w.week));
  const notices = figures.notices ?? [];
  const noticeDays = dayAxis(notices.map((n) => n.day));
  const appointments = figures.appointments;
  const appointmentWeeks = weekAxis((appointments?.perWeek ?? []).map((w) => w.week));
  const chatWeeks = weekAxis((figures.youthChat?.perWeek ?? []).map((w) => w.week));
  const chat = figures.youthChat?.perUnit ?? [];

  return (
    <section aria-labelledby="figures-title">
      <Title id="figures-title" htmlMarkup="h2" appearance="title2">
        {t('figures')}
      </Title>
      {appointments && (
        <BarChart
          title={t('chartAppointments')}
          categories={appointmentWeeks}
          labels={appointmentWeeks.map(weekLabel)}
          axisLabels={appointmentWeeks.map(weekLines)}
          series={[
            { name: t('allAppointments'), values: onAxis(appointmentWeeks, appointments.perWeek, (w) => w.week, (w) => w.appointments) },
            { name: t('attended'), values: onAxis(appointmentWeeks, appointments.perWeek, (w) => w.week, (w) => w.attended) },
            { name: t('digitalCancellations'), values: onAxis(appointmentWeeks, appointments.perWeek, (w) => w.week, (w) => w.digitalCancellations) },
            { name: t('noShows'), values: onAxis(appointmentWeeks, appointments.perWeek, (w) => w.week, (w) => w.noShows) },
          ]}
        />
      )}
      <BarChart
        title={t('chartMessages')}
        categories={weeks}
        labels={weeks.map(weekLabel)}
        axisLabels={weeks.map(weekLines)}
        series={[
          { name: t('fromCitizens'), values: onAxis(weeks, messageRows, (w) => w.week, (w) => w.fromCitizens) },
          { name: t('fromUnits'), values: onAxis(weeks, messageRows, (w) => w.week, (w) => w.fromUnit) },
        ]}
      />
      <BarChart
        title={t('chartNotices')}
        categories={noticeDays}
        labels={noticeDays.map(shortDate)}
        series={[
          { name: t('planned'), values: onAxis(noticeDays, notices, (n) => n.day.slice(0, 10), (n) => n.planned) },
          { name: t('delivered'), values: onAxis(noticeDays, notices, (n) => n.day.slice(0, 10), (n) => n.delivered) },
          { name: t('failed'), values: onAxis(noticeDays, notices, (n) => n.day.slice(0, 10), (n) => n.failed) },
        ]}
      />
      <BarChart
        title={t('chartChatsPerWeek')}
        categories={chatWeeks}
        labels={chatWeeks.map(weekLabel)}
        axisLabels={chatWeeks.map(weekLines)}
        series={[
          { name: t('answered'), values: onAxis(chatWeeks, figures.youthChat?.perWeek ?? [], (w) => w.week, (w) => w.answered) },
          { name: t('unanswered'), values: onAxis(chatWeeks, figures.youthChat?.perWeek ?? [], (w) => w.week, (w) => w.unanswered) },
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
