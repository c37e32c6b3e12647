import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import Title from '@helsenorge/designsystem-react/components/Title';
import { Link, Navigate, useLocation } from 'react-router';
import type { Me, Representation } from '../../api';
import { meQuery } from '../../me';
import { useI18n } from '../../i18n';
import { problemCode } from '../../problems';
import { Loaded } from '../../query';
import { actionable, capabilitiesQuery, sectionsFor, type Capabilities, type SubjectCapabilities } from './capabilities';
import { MoreWithIdPorten } from './MoreWithIdPorten';
import { ParentViewNote, WhatParentsSee } from './PrivacyNotes';
import { SectionContent } from './SectionContent';
import { SubjectPicker } from './SubjectPicker';
import { useDocumentTitle } from '../../title';
import { threadsQuery, unreadIn } from './threadsQuery';


/** /innbygger: whom to act for; /innbygger/{subjectId}[/{section}]: that person's pages, with the tabs this login may use. */
export default function CitizenArea() {
  const { t } = useI18n();
  const me = useQuery(meQuery);
  const capabilities = useQuery(capabilitiesQuery);

  // Not logged in (or the session ran out): the way in, not an error.
  const failed = me.error ?? capabilities.error;
  if (failed && (problemCode(failed) === 'unauthenticated' || (failed as { status?: number }).status === 401) && problemCode(failed) !== 'insufficient-assurance') {
    return (
      <NotificationPanel variant="warn" labelHtmlMarkup="h2" label={t('notLoggedInTitle')}>
        <a href="/bff/login?issuer=idporten&returnUrl=%2Finnbygger">{t('loginCitizen')}</a>
      </NotificationPanel>
    );
  }
  return <Loaded query={me}>{(person) => <Loaded query={capabilities}>{(can) => <CitizenPages me={person} capabilities={can} />}</Loaded>}</Loaded>;
}

function CitizenPages({ me, capabilities }: { me: Me; capabilities: Capabilities }) {
  const path = useLocation().pathname;
  const [, , subjectId, section] = path.split('/');
  const people = actionable(capabilities);
  const subject = me.representations.find((r) => r.subjectId === subjectId);
  const can = people.find((s) => s.subjectId === subjectId);
  const onlyThemself = people.length === 1 && capabilities.subjects.length === 1;

  if (subject && can) return <SubjectPages me={me} subject={subject} can={can} capabilities={capabilities} section={section} />;
  // Someone who acts only for themself has nobody to choose between: straight to their own pages.
  if (onlyThemself) return <Navigate replace to={`/innbygger/${people[0].subjectId}/${sectionsFor(people[0])[0]?.slug ?? ''}`} />;
  return <SubjectPicker me={me} capabilities={capabilities} />;
}

interface SubjectPagesProps {
  me: Me;
  subject: Representation;
  can: SubjectCapabilities;
  capabilities: Capabilities;
  section: string | undefined;
}

function SubjectPages({ subject, can, capabilities, section }: SubjectPagesProps) {
  const { t, language } = useI18n();
  const tabs = sectionsFor(can);
  const current = section ?? tabs[0]?.slug;
  const onStartPage = current === tabs[0]?.slug;
  const tab = tabs.find((s) => s.slug === current);
  const [menuOpen, setMenuOpen] = useState(false);
  useDocumentTitle(tab ? t(tab.key) : subject.relation === 'self' ? t('yourPages') : t('pagesFor', { name: subject.name }));
  return (
    <>
      <Title htmlMarkup="h1" appearance="title1">
        {subject.relation === 'self' ? t('yourPages') : t('pagesFor', { name: subject.name })}
      </Title>
      {tabs.length > 0 && (
        // On a phone the tabs fold into a menu (a button that opens the list); from 768 px they are a row.
        <nav aria-label={t('sections')} className={menuOpen ? 'tabs open' : 'tabs'}>
          <button type="button" className="tabs-menu-button" aria-expanded={menuOpen} aria-controls="section-list" onClick={() => setMenuOpen(!menuOpen)}>
            {tab ? t('menuCurrent', { page: t(tab.key) }) : t('menu')}
          </button>
          <ul id="section-list" className="tabs-list">
            {tabs.map((one) => (
              <li key={one.slug}>
                <Link to={`/innbygger/${subject.subjectId}/${one.slug}`} aria-current={current === one.slug ? 'page' : undefined} onClick={() => setMenuOpen(false)}>
                  {t(one.key)}
                  {one.slug === 'meldinger' && <UnreadBadge subjectId={subject.subjectId} />}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
      {subject.relation === 'self' && onStartPage && <MoreWithIdPorten capabilities={capabilities} />}
      {subject.relation === 'self' && onStartPage && capabilities.parentSeesOfMe && <WhatParentsSee privacy={capabilities.parentSeesOfMe} />}
      {subject.relation === 'child' && onStartPage && <ParentViewNote child={can} />}
      <div key={language}>{current && <SectionContent subject={subject} can={can} capabilities={capabilities} slug={current} />}</div>
    </>
  );
}

/** What is new on the messages tab ("Dette har skjedd siden sist"): the count of messages this reader has not opened. */
function UnreadBadge({ subjectId }: { subjectId: string }) {
  const { t } = useI18n();
  const unread = unreadIn(useQuery(threadsQuery(subjectId)).data);
  if (unread === 0) return null;
  return <>{' '}<span className="badge">{unread === 1 ? t('unreadOne') : t('unreadMany', { count: unread })}</span></>;
}
