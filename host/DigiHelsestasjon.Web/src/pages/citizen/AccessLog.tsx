import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import Button from '@helsenorge/designsystem-react/components/Button';
import Checkbox from '@helsenorge/designsystem-react/components/Checkbox';
import Select from '@helsenorge/designsystem-react/components/Select';
import Title from '@helsenorge/designsystem-react/components/Title';
import { data, getApiV1SubjectsBySubjectIdAccessLog, type AccessLogEntry, type Representation } from '../../api';
import { formatShortDateTime } from '../../format';
import { useI18n, type TextKey } from '../../i18n';
import { Loaded } from '../../query';
import { actionText, filterableActions } from './actionKeys';

const pageSize = 20;

/** Why someone could act: the basis of their access, by the role the API names. */
const basisKeys: Record<string, TextKey> = {
  self: 'accessBasisSelf',
  parent: 'accessBasisParent',
  'fullmakt-holder': 'accessBasisFullmakt',
  none: 'accessBasisNone',
};

const roleKeys: Record<string, TextKey> = {
  self: 'accessRoleSelf',
  parent: 'accessRoleParent',
  'fullmakt-holder': 'accessRoleFullmakt',
  none: 'accessRoleNone',
};

/** Who has looked at this person's information, newest first, in words: repeated reads by the same person come as one
 * line with how many times, and the reader may leave out what they did themself. Read once, not polled: a log is looked
 * up, not watched. */
export function AccessLog({ subject }: { subject: Representation }) {
  const { t } = useI18n();
  const [kind, setKind] = useState('');
  const [onlyOthers, setOnlyOthers] = useState(false);
  const [page, setPage] = useState(1);
  const query = useQuery({
    queryKey: ['subjects', subject.subjectId, 'access-log', kind, onlyOthers, page],
    queryFn: () =>
      data<AccessLogEntry[]>(
        getApiV1SubjectsBySubjectIdAccessLog({
          path: { subjectId: subject.subjectId },
          query: { page, pageSize, collapse: true, excludeOwn: onlyOthers, ...(kind ? { kind } : {}) },
        }),
      ),
    placeholderData: keepPreviousData,
  });

  return (
    <section aria-labelledby="log-title">
      <Title id="log-title" htmlMarkup="h2" appearance="title2">
        {t('accessLog')}
      </Title>
      <p>{t('accessLogLead')}</p>
      <div className="filters">
        <Select
          selectId="log-kind"
          label={t('whatWasDone')}
          value={kind}
          onChange={(e) => {
            setKind(e.target.value);
            setPage(1);
          }}
        >
          <option value="">{t('everything')}</option>
          {filterableActions.map((action) => (
            <option key={action} value={action}>
              {actionText(t, action)}
            </option>
          ))}
        </Select>
        <Checkbox
          inputId="log-only-others"
          label={t('accessLogOnlyOthers')}
          checked={onlyOthers}
          onChange={(e) => {
            setOnlyOthers(e.target.checked);
            setPage(1);
          }}
        />
      </div>
      <Loaded query={query}>
        {(entries) => (
          <>
            <LogEntries entries={entries} />
            <div className="actions">
              {page > 1 && (
                <Button variant="outline" onClick={() => setPage(page - 1)}>
                  {t('previousPage')}
                </Button>
              )}
              {entries.length === pageSize && (
                <Button variant="outline" onClick={() => setPage(page + 1)}>
                  {t('nextPage')}
                </Button>
              )}
            </div>
          </>
        )}
      </Loaded>
    </section>
  );
}

function LogEntries({ entries }: { entries: AccessLogEntry[] }) {
  const { t } = useI18n();
  if (entries.length === 0) return <p>{t('accessLogEmpty')}</p>;
  return (
    <ul className="cards log-entries" aria-labelledby="log-title">
      {entries.map((e, i) => (
        <li key={`${e.time}-${i}`} className="card">
          <p className="log-when">
            <When entry={e} />
          </p>
          <p>
            <strong>{e.own ? t('accessLogYou') : e.actorName}</strong>
            {!e.own && roleKeys[e.actorRole] && `, ${t(roleKeys[e.actorRole])}`}
          </p>
          <p>
            {actionText(t, e.action)}
            {e.outcome === 'refused' && ` – ${t('refused')}`}
          </p>
          <p className="log-why">
            {t('why')}: {t(basisKeys[e.actorRole] ?? 'accessBasisNone')}
          </p>
        </li>
      ))}
    </ul>
  );
}

/** One time, or the span of a repeated read with how many times (said once when it began and ended the same minute). */
function When({ entry }: { entry: AccessLogEntry }) {
  const { t, language } = useI18n();
  const last = formatShortDateTime(entry.time, language);
  if (entry.count === 1) return <>{last}</>;
  const first = formatShortDateTime(entry.firstTime, language);
  return <>{first === last ? t('accessLogRepeatedAt', { time: last, count: entry.count }) : t('accessLogRepeated', { first, last, count: entry.count })}</>;
}
