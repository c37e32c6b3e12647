import { useEffect, useState } from 'react';
import Loader from '@helsenorge/designsystem-react/components/Loader';
import Title from '@helsenorge/designsystem-react/components/Title';
import { api } from '../../api';
import { useI18n } from '../../i18n';
import { BarChart } from './BarChart';
import type { Figures } from './policyTypes';

export function FigureCharts({ kommunenummer }: { kommunenummer: string }) {
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
