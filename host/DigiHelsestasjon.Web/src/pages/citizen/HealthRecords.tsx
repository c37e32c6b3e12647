import { useQuery } from '@tanstack/react-query';
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import Title from '@helsenorge/designsystem-react/components/Title';
import { getApiV1SubjectsBySubjectIdTestResults, getApiV1SubjectsBySubjectIdVaccinations } from '../../api';
import { formatDate } from '../../format';
import { useI18n } from '../../i18n';
import { Loaded } from '../../query';
import type { HealthRecord, Representation } from '../../api';

interface ReadRecords {
  records: HealthRecord[];
  unavailable: string[];
}

/** A list with the sources that did not answer for it (X-Sources-Unavailable): the list may then be incomplete. */
async function withSources(call: Promise<{ data?: unknown; response?: Response }>): Promise<ReadRecords> {
  const { data, response } = await call;
  return { records: data as HealthRecord[], unavailable: (response?.headers.get('X-Sources-Unavailable') ?? '').split(',').filter((s) => s.length > 0) };
}

/** Vaccinations (the journals and SYSVAK, one line per dose, with where it was read) and test results. */
export function HealthRecords({ subject }: { subject: Representation }) {
  const path = { subjectId: subject.subjectId };
  const vaccinationsQuery = useQuery({ queryKey: ['subjects', subject.subjectId, 'vaccinations'], queryFn: () => withSources(getApiV1SubjectsBySubjectIdVaccinations({ path })) });
  const resultsQuery = useQuery({ queryKey: ['subjects', subject.subjectId, 'test-results'], queryFn: () => withSources(getApiV1SubjectsBySubjectIdTestResults({ path })) });
  return (
    <Loaded query={vaccinationsQuery}>
      {(vaccinations) => <Loaded query={resultsQuery}>{(results) => <Records subject={subject} vaccinations={vaccinations} results={results} />}</Loaded>}
    </Loaded>
  );
}

function Records({ subject, vaccinations, results }: { subject: Representation; vaccinations: ReadRecords; results: ReadRecords }) {
  const { t, language } = useI18n();
  const source = (r: HealthRecord) => r.sources.map((s) => (s === 'epj' ? t('sourceEpj') : t('sourceSysvak'))).join(' + ');
  const incomplete = (read: ReadRecords) =>
    read.unavailable.length > 0 && (
      <NotificationPanel variant="warn" labelHtmlMarkup="h2" label={t('recordsIncomplete')}>
        {t('recordsIncompleteText', { sources: read.unavailable.map((s) => (s === 'epj' ? t('unavailableEpj') : t('unavailableSysvak'))).join(` ${t('and')} `) })}
      </NotificationPanel>
    );

  return (
    <>
      <section aria-labelledby="vaccinations-title">
        <Title id="vaccinations-title" htmlMarkup="h2" appearance="title2">
          {t('vaccinations')}
        </Title>
        <p>{t('vaccinationsLead')}</p>
        {incomplete(vaccinations)}
        {vaccinations.records.length === 0 ? (
          vaccinations.unavailable.length === 0 && <p>{t('noVaccinations')}</p>
        ) : (
          <div className="table-scroll" tabIndex={0} role="group" aria-label={t('vaccinations')}>
            <table className="log" aria-labelledby="vaccinations-title">
              <thead>
                <tr>
                  <th scope="col">{t('vaccine')}</th>
                  <th scope="col">{t('date')}</th>
                  <th scope="col">{t('dose')}</th>
                  <th scope="col">{t('where')}</th>
                  <th scope="col">{t('source')}</th>
                </tr>
              </thead>
              <tbody>
                {vaccinations.records.map((v) => (
                  <tr key={v.entryId}>
                    <td data-label={t('vaccine')}>{v.name}</td>
                    <td data-label={t('date')}>{formatDate(v.date, language)}</td>
                    <td data-label={t('dose')}>{v.result}</td>
                    <td data-label={t('where')}>{v.unitName ?? ''}</td>
                    <td data-label={t('source')}>{source(v)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="test-results-title">
        <Title id="test-results-title" htmlMarkup="h2" appearance="title2">
          {t('testResults')}
        </Title>
        {subject.relation !== 'self' && subject.age >= 12 && <p>{t('testResultsYouthOwn')}</p>}
        {incomplete(results)}
        {results.records.length === 0 ? (
          results.unavailable.length === 0 && <p>{t('noTestResults')}</p>
        ) : (
          <ul className="cards" aria-labelledby="test-results-title">
            {results.records.map((r) => (
              <li key={r.entryId} className="card">
                <Title htmlMarkup="h3" appearance="title4">
                  {r.name}
                </Title>
                <p className="when">{formatDate(r.date, language)}</p>
                <p>{r.result}</p>
                {r.unitName && <p>{r.unitName}</p>}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
