import Title from '@helsenorge/designsystem-react/components/Title';
import { useI18n, type TextKey } from '../../i18n';
import { Link } from 'react-router';
import type { Me, Representation } from '../../api';

const relationKeys: Record<Representation['relation'], TextKey> = { self: 'relationSelf', child: 'relationChild', fullmakt: 'relationFullmakt' };

export function SubjectPicker({ me }: { me: Me }) {
  const { t } = useI18n();
  return (
    <>
      <Title htmlMarkup="h1" appearance="title1">
        {t('chooseWhomTitle')}
      </Title>
      <p>{t('chooseWhomLead', { name: me.name })}</p>
      <ul className="choices">
        {me.representations.map((r) => (
          <li key={r.subjectId}>
            <Link className="choice" to={`/innbygger/${r.subjectId}/avtaler`}>
              <strong>{r.relation === 'self' ? t('yourself') : r.name}</strong>
              <span>{r.relation === 'self' ? t('age', { age: r.age }) : `${t(relationKeys[r.relation])} · ${t('age', { age: r.age })}`}</span>
              <span className="permissions">{describePermissions(r.permissions, t)}</span>
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}

function describePermissions(permissions: string[], t: (key: TextKey) => string): string {
  const parts: string[] = [];
  if (permissions.includes('appointments.read')) parts.push(permissions.includes('appointments.cancel') ? t('mayCancel') : t('maySeeAppointments'));
  if (permissions.includes('messages.send')) parts.push(t('mayWrite'));
  else if (permissions.includes('messages.read')) parts.push(t('mayReadMessages'));
  return parts.join(' · ');
}
