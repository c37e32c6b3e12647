import { useEffect, useState } from 'react';
import Button from '@helsenorge/designsystem-react/components/Button';
import Loader from '@helsenorge/designsystem-react/components/Loader';
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import Select from '@helsenorge/designsystem-react/components/Select';
import Title from '@helsenorge/designsystem-react/components/Title';
import { api, ApiError } from '../../api';
import { formatShortDateTime } from '../../format';
import { useI18n, type TextKey } from '../../i18n';
import { problemText } from '../../problems';
import type { Representation } from '../../api';
import { NeedsIdPorten } from './NeedsIdPorten';
import { actionKeys } from './actionKeys';

interface AccessLogEntry {
  time: string;
  actorName: string;
  relation: string;
  action: string;
  purpose: string;
  outcome: string;
}

const pageSize = 20;


// The actor's relation in the person's words, not the API's code.
const logRelationKeys: Record<string, TextKey> = { self: 'logRelationSelf', child: 'logRelationChild', fullmakt: 'logRelationFullmakt', none: 'logRelationNone' };
/** Who has looked at this person's information, newest first, a page at a time, filtered by what was done. */
export function AccessLog({ subject }: { subject: Representation }) {
  const { t, language } = useI18n();
  const [kind, setKind] = useState('');
  const [page, setPage] = useState(1);
  const [entries, setEntries] = useState<AccessLogEntry[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [needsHigh, setNeedsHigh] = useState(false);

  useEffect(() => {
    setEntries(null);
    const query = new URLSearchParams({ page: String(page), pageSize: String(pageSize) });
    if (kind) query.set('kind', kind);
    api<AccessLogEntry[]>(`/api/v1/subjects/${subject.subjectId}/access-log?${query}`).then(setEntries, (e) => {
      if (e instanceof ApiError && e.code === 'insufficient-assurance') setNeedsHigh(true);
      else setProblem(e instanceof ApiError && e.status === 404 ? t('accessLogNotYours') : problemText(t, e));
    });
  }, [subject.subjectId, kind, page, t]);

  if (needsHigh) return <NeedsIdPorten />;
  if (problem) return <NotificationPanel variant="info">{problem}</NotificationPanel>;
  return (
    <section aria-labelledby="log-title">
      <Title id="log-title" htmlMarkup="h2" appearance="title2">
        {t('accessLog')}
      </Title>
      <p>{t('accessLogLead')}</p>
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
        {['appointments.read', 'appointments.cancel', 'messages.read', 'messages.send', 'accesslog.read'].map((k) => (
          <option key={k} value={k}>
            {t(actionKeys[k])}
          </option>
        ))}
      </Select>
      {!entries ? (
        <Loader ariaLabel={t('loading')} />
      ) : entries.length === 0 ? (
        <p>{t('accessLogEmpty')}</p>
      ) : (
        <div className="table-scroll" tabIndex={0} role="group" aria-label={t('accessLog')}>
          <table className="log" data-testid="access-log">
            <thead>
              <tr>
                <th scope="col">{t('when')}</th>
                <th scope="col">{t('who')}</th>
                <th scope="col">{t('whatWasDone')}</th>
                <th scope="col">{t('why')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e, i) => (
                <tr key={`${e.time}-${i}`}>
                  <td data-label={t('when')}>{formatShortDateTime(e.time, language)}</td>
                  <td data-label={t('who')}>
                    {e.actorName} ({logRelationKeys[e.relation] ? t(logRelationKeys[e.relation]) : e.relation})
                  </td>
                  <td data-label={t('whatWasDone')}>
                    {actionKeys[e.action] ? t(actionKeys[e.action]) : e.action}
                    {e.outcome === 'refused' && ` – ${t('refused')}`}
                  </td>
                  <td data-label={t('why')}>{e.purpose}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="actions">
        {page > 1 && (
          <Button variant="outline" onClick={() => setPage(page - 1)}>
            {t('previousPage')}
          </Button>
        )}
        {entries?.length === pageSize && (
          <Button variant="outline" onClick={() => setPage(page + 1)}>
            {t('nextPage')}
          </Button>
        )}
      </div>
    </section>
  );
}
