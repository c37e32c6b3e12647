import { useEffect, useState } from 'react';
import Loader from '@helsenorge/designsystem-react/components/Loader';
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import Title from '@helsenorge/designsystem-react/components/Title';
import { api, ApiError } from '../../api';
import { useI18n, type TextKey } from '../../i18n';
import { Link, useLocation } from 'react-router';
import type { Me, Representation } from '../../api';
import { Appointments } from './Appointments';
import { Messages } from './Messages';
import { AccessLog } from './AccessLog';
import { CalendarLink } from './CalendarLink';
import { NoticePreferences } from './NoticePreferences';
import { PowersOfAttorney } from './PowersOfAttorney';
import { HealthRecords } from './HealthRecords';
import { SelfBooking } from './SelfBooking';
import { SubjectPicker } from './SubjectPicker';

/** /innbygger: whom to act for; /innbygger/{subjectId}/avtaler|meldinger: that person's pages. */
export default function CitizenArea() {
  const { t, language } = useI18n();
  const path = useLocation().pathname;
  const [me, setMe] = useState<Me | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    api<Me>('/api/v1/me').then(setMe, (e) => setFailed(e instanceof ApiError));
  }, []);

  if (failed) {
    return (
      <NotificationPanel variant="warn" label={t('notLoggedInTitle')}>
        <a href="/bff/login?issuer=idporten&returnUrl=%2Finnbygger">{t('loginCitizen')}</a>
      </NotificationPanel>
    );
  }
  if (!me) return <Loader ariaLabel={t('loading')} />;

  const [, , subjectId, section] = path.split('/');
  const subject = me.representations.find((r) => r.subjectId === subjectId);
  if (!subject) return <SubjectPicker me={me} />;

  return (
    <>
      <p className="breadcrumb">
        <Link to="/innbygger">{t('chooseSomeoneElse')}</Link>
      </p>
      <Title htmlMarkup="h1" appearance="title1">
        {subject.relation === 'self' ? t('yourPages') : t('pagesFor', { name: subject.name })}
      </Title>
      <nav aria-label={t('sections')} className="tabs">
        {sections(subject).map(([slug, key]) => (
          <Link key={slug} to={`/innbygger/${subject.subjectId}/${slug}`} aria-current={(section ?? 'avtaler') === slug ? 'page' : undefined}>
            {t(key)}
          </Link>
        ))}
      </nav>
      <div key={language}>
      {section === 'bestill' && subject.permissions.includes('appointments.book') ? (
        <SelfBooking subject={subject} />
      ) : section === 'helse' && subject.permissions.includes('healthrecords.read') ? (
        <HealthRecords subject={subject} />
      ) : section === 'meldinger' ? (
        <Messages subject={subject} />
      ) : section === 'innsynslogg' ? (
        <AccessLog subject={subject} />
      ) : section === 'kalender' ? (
        <CalendarLink subject={subject} />
      ) : section === 'varsler' && subject.relation === 'self' ? (
        <NoticePreferences />
      ) : section === 'fullmakter' && subject.relation === 'self' ? (
        <PowersOfAttorney />
      ) : (
        <Appointments subject={subject} />
      )}
      </div>
    </>
  );
}

/** The sections of a person's pages; notices and powers of attorney are the logged-in person's own. */
function sections(subject: Representation): [string, TextKey][] {
  const list: [string, TextKey][] = [
    ['avtaler', 'appointments'],
  ];
  // Booking: a youth of 12-24 books their own, a guardian for a child under 12 (Calendar checks the units).
  if (subject.permissions.includes('appointments.book') && (subject.relation === 'self' ? subject.age >= 12 && subject.age <= 24 : subject.age < 12)) list.push(['bestill', 'bookTime']);
  if (subject.permissions.includes('healthrecords.read') && (subject.relation !== 'self' || subject.age >= 12)) list.push(['helse', 'healthRecords']);
  list.push(
    ['meldinger', 'messages'],
    ['kalender', 'calendarLink'],
    ['innsynslogg', 'accessLog'],
  );
  if (subject.relation === 'self') list.push(['varsler', 'notices'], ['fullmakter', 'powersOfAttorney']);
  return list;
}
