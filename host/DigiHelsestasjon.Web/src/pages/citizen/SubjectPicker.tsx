import Title from '@helsenorge/designsystem-react/components/Title';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { Me, Representation } from '../../api';
import { useI18n, type TextKey } from '../../i18n';
import { useDocumentTitle } from '../../title';
import { sectionsFor, type Capabilities, type SubjectCapabilities } from './capabilities';
import { unreadCountsQuery } from './threadsQuery';

const relationKeys: Record<Representation['relation'], TextKey> = { self: 'relationSelf', child: 'relationChild', fullmakt: 'relationFullmakt' };

/** /innbygger: "Hvem gjelder det?" - everyone the person may act for, and a child from 16 who manages this themself. */
export function SubjectPicker({ me, capabilities }: { me: Me; capabilities: Capabilities }) {
  const { t } = useI18n();
  useDocumentTitle(t('chooseWhomTitle'));
  // One call for everyone listed (one access per person), asked only when someone's messages may be read.
  const unread = useQuery({ ...unreadCountsQuery, enabled: capabilities.subjects.some((s) => s.subjectId && s.areas.includes('messages')) }).data;
  return (
    <>
      <Title htmlMarkup="h1" appearance="title1">
        {t('chooseWhomTitle')}
      </Title>
      <p>{t('chooseWhomLead', { name: me.name })}</p>
      <ul className="choices">
        {capabilities.subjects.map((s) => (
          <li key={s.subjectId ?? `${s.name}-${s.age}`}>
            {s.subjectId ? <Choice subject={s} representation={me.representations.find((r) => r.subjectId === s.subjectId)} unread={unread?.get(s.subjectId) ?? 0} /> : <ManagesThemself subject={s} />}
          </li>
        ))}
      </ul>
    </>
  );
}

function Choice({ subject, representation, unread }: { subject: SubjectCapabilities; representation: Representation | undefined; unread: number }) {
  const { t } = useI18n();
  return (
    <Link className="choice" to={`/innbygger/${subject.subjectId}/${sectionsFor(subject)[0]?.slug ?? ''}`}>
      <strong>
        {subject.relation === 'self' ? t('yourself') : subject.name}
        {unread > 0 && (
          // "2 nye" on the screen; "2 nye meldinger" in the link's name, so a screen reader says what is new.
          <span className="badge">
            <span aria-hidden="true">{unread === 1 ? t('unreadOne') : t('unreadMany', { count: unread })}</span>
            <span className="visually-hidden">{unread === 1 ? t('unreadMessagesShortOne') : t('unreadMessagesShortMany', { count: unread })}</span>
          </span>
        )}
      </strong>
      <span>{subject.relation === 'self' ? t('age', { age: subject.age }) : `${t(relationKeys[subject.relation])} · ${t('age', { age: subject.age })}`}</span>
      {representation && <span className="permissions">{describePermissions(representation.permissions, t)}</span>}
      {subject.parentView === 'parent-sees-without-youths-own-health-information' && <span className="permissions">{t('parentViewYouthShort')}</span>}
    </Link>
  );
}

/** Listed so a parent is not left wondering, but not a way in: from 16 the youth's pages are their own. */
function ManagesThemself({ subject }: { subject: SubjectCapabilities }) {
  const { t } = useI18n();
  return (
    <div className="choice choice-closed">
      <strong>{subject.name}</strong>
      <span>{`${t('relationChild')} · ${t('age', { age: subject.age })}`}</span>
      <span className="permissions">{t('parentViewManagesThemself')}</span>
      <span className="permissions">{t('parentViewManagesThemselfWhy')}</span>
    </div>
  );
}

function describePermissions(permissions: string[], t: (key: TextKey) => string): string {
  const parts: string[] = [];
  if (permissions.includes('appointments.read')) parts.push(permissions.includes('appointments.cancel') ? t('mayCancel') : t('maySeeAppointments'));
  if (permissions.includes('messages.send')) parts.push(t('mayWrite'));
  else if (permissions.includes('messages.read')) parts.push(t('mayReadMessages'));
  return parts.join(' · ');
}
