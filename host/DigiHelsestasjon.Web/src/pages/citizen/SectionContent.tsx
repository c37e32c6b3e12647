import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import type { Representation } from '../../api';
import { useI18n } from '../../i18n';
import { AccessLog } from './AccessLog';
import { Appointments } from './Appointments';
import { CalendarLink } from './CalendarLink';
import { allSections, sectionsFor, type Capabilities, type SubjectCapabilities } from './capabilities';
import { HealthRecords } from './HealthRecords';
import { Messages } from './Messages';
import { NeedsIdPorten } from './NeedsIdPorten';
import { NoticePreferences } from './NoticePreferences';
import { PowersOfAttorney } from './PowersOfAttorney';
import { SelfBooking } from './SelfBooking';

/** The page of one tab, or, for an address this login or person cannot use (a bookmark, a link from elsewhere), why not. */
export function SectionContent({ subject, can, capabilities, slug }: { subject: Representation; can: SubjectCapabilities; capabilities: Capabilities; slug: string }) {
  const { t } = useI18n();
  if (sectionsFor(can).some((s) => s.slug === slug)) return <SectionPage subject={subject} slug={slug} />;

  const section = allSections.find((s) => s.slug === slug);
  const login = capabilities.areas.filter((a) => section?.areas.includes(a.area));
  if (login.length > 0 && login.every((a) => a.reason === 'insufficient-assurance')) return <NeedsIdPorten />;
  return (
    <NotificationPanel variant="info">
      <p>{login.length > 0 && login.every((a) => a.reason === 'not-offered') ? t('areaNotOffered') : t('areaNotForSubject', { name: subject.relation === 'self' ? t('yourself').toLowerCase() : subject.name })}</p>
      {/* A parent of a 12-15-year-old who came to the youth's messages: where to turn instead. */}
      {slug === 'meldinger' && can.parentView === 'parent-sees-without-youths-own-health-information' && <p>{t('parentViewYouthContact', { name: subject.name })}</p>}
    </NotificationPanel>
  );
}

function SectionPage({ subject, slug }: { subject: Representation; slug: string }) {
  switch (slug) {
    case 'bestill':
      return <SelfBooking subject={subject} />;
    case 'helse':
      return <HealthRecords subject={subject} />;
    case 'meldinger':
      return <Messages subject={subject} />;
    case 'innsynslogg':
      return <AccessLog subject={subject} />;
    case 'kalender':
      return <CalendarLink subject={subject} />;
    case 'varsler':
      return <NoticePreferences />;
    case 'fullmakter':
      return <PowersOfAttorney />;
    default:
      return <Appointments subject={subject} />;
  }
}
