import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import { useI18n } from '../../i18n';
import { areaKeys, listInWords, type SubjectCapabilities, type YouthPrivacy } from './capabilities';

/** To a parent of a 12-15-year-old: what they see, and why the youth's own health information is not among it. */
export function ParentViewNote({ child }: { child: SubjectCapabilities }) {
  const { t, language } = useI18n();
  if (child.parentView !== 'parent-sees-without-youths-own-health-information') return null;
  const areas = listInWords(child.areas.map((a) => t(areaKeys[a])), language);
  return (
    <NotificationPanel variant="info" labelHtmlMarkup="h2" label={t('parentViewYouthTitle')}>
      <p>{t('parentViewYouth', { areas, name: child.name })}</p>
      {/* A parent of a 12-15-year-old may not write about the youth here: say where to turn instead. */}
      {!child.areas.includes('messages') && <p>{t('parentViewYouthContact', { name: child.name })}</p>}
    </NotificationPanel>
  );
}

/** To a youth: what a parent with parental responsibility can and cannot see of them. */
export function WhatParentsSee({ privacy }: { privacy: YouthPrivacy }) {
  const { t, language } = useI18n();
  const words = (areas: string[]) => listInWords(areas.map((a) => t(areaKeys[a as keyof typeof areaKeys])), language);
  return (
    <NotificationPanel variant="info" labelHtmlMarkup="h2" label={t('parentSeesOfMeTitle')}>
      {privacy.parentMaySee.length === 0 ? (
        <p>{t('parentSeesNothing')}</p>
      ) : (
        <>
          <p>
            {t(privacy.parentSeesYouthServiceContacts ? 'parentMaySee' : 'parentMaySeeButNotYouthServices', { areas: words(privacy.parentMaySee) })}
            {privacy.parentMayNotSee.length > 0 && ` ${t('parentMayNotSee', { areas: words(privacy.parentMayNotSee) })}`}
          </p>
          <p>{privacy.parentSeesYouthServiceContacts ? t('youthServiceShared') : t('youthServiceOwn')}</p>
        </>
      )}
    </NotificationPanel>
  );
}
