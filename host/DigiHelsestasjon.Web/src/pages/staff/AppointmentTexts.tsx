import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import Button from '@helsenorge/designsystem-react/components/Button';
import Textarea from '@helsenorge/designsystem-react/components/Textarea';
import Title from '@helsenorge/designsystem-react/components/Title';
import {
  data,
  deleteApiV1AdminMunicipalitiesByKommunenummerAppointmentInformationByMatch,
  getApiV1AdminMunicipalitiesByKommunenummerAppointmentInformation,
  putApiV1AdminMunicipalitiesByKommunenummerAppointmentInformationByMatch,
} from '../../api';
import { useI18n } from '../../i18n';
import { Loaded, ProblemMessage } from '../../query';

interface InformationText {
  match: string;
  text: string;
  source: string;
  textNynorsk: string | null;
  kind: string | null;
}

/** One text as the admin edits it: the same text can answer several phrases (bokmål and nynorsk spellings). */
interface TextGroup {
  matches: string[];
  text: string;
  textNynorsk: string | null;
  source: string;
  kind: string | null;
}

function groups(texts: InformationText[]): TextGroup[] {
  const byText = new Map<string, TextGroup>();
  for (const entry of texts.filter((e) => e.match.trim() !== '')) {
    const key = `${entry.source}\u0000${entry.kind ?? entry.match}\u0000${entry.text}\u0000${entry.textNynorsk ?? ''}`;
    const group = byText.get(key) ?? { matches: [], text: entry.text, textNynorsk: entry.textNynorsk, source: entry.source, kind: entry.kind };
    group.matches.push(entry.match.toLowerCase());
    byText.set(key, group);
  }
  return [...byText.values()];
}

/** The texts shown with each kind of appointment, in bokmål and nynorsk: the national ones, and the municipality's own in
 * their place. */
export function AppointmentTexts({ kommunenummer }: { kommunenummer: string }) {
  const { t } = useI18n();
  const query = useQuery({
    queryKey: ['admin', kommunenummer, 'appointment-information'],
    queryFn: async () =>
      groups(await data<InformationText[]>(getApiV1AdminMunicipalitiesByKommunenummerAppointmentInformation({ path: { kommunenummer } }))),
  });
  return (
    <section aria-labelledby="texts-title">
      <Title id="texts-title" htmlMarkup="h2" appearance="title2">
        {t('appointmentTexts')}
      </Title>
      <p>{t('appointmentTextsLead')}</p>
      <Loaded query={query}>
        {(texts) => (
          <ul className="cards" aria-labelledby="texts-title">
            {texts.map((group) => (
              <TextCard key={`${group.source}-${group.matches[0]}`} group={group} kommunenummer={kommunenummer} />
            ))}
          </ul>
        )}
      </Loaded>
    </section>
  );
}

function TextCard({ group, kommunenummer }: { group: TextGroup; kommunenummer: string }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [bokmal, setBokmal] = useState('');
  const [nynorsk, setNynorsk] = useState('');
  const [problem, setProblem] = useState<unknown>(null);
  const id = `${group.source}-${group.matches[0]}`.replace(/[^a-zA-Z0-9-]/g, '_');
  // A national kind is named in words (the phrases are the journal's spellings, not a title).
  const kindKey = group.kind ? (`apptKind_${group.kind.replace(/-/g, '_')}` as Parameters<typeof t>[0]) : null;
  const kindTitle = kindKey && t(kindKey) !== kindKey ? t(kindKey) : null;
  const name = kindTitle ?? t('appointmentTextOwnTitle', { phrase: group.matches[0] });

  const act = async (change: (match: string) => Promise<unknown>) => {
    setProblem(null);
    try {
      // The municipality's text answers every phrase the national one did.
      for (const match of group.matches) await change(match);
      setEditing(false);
    } catch (e) {
      setProblem(e);
    }
    await queryClient.invalidateQueries({ queryKey: ['admin', kommunenummer, 'appointment-information'] });
  };
  const path = (match: string) => ({ path: { kommunenummer, match } });
  const save = () =>
    act((match) =>
      putApiV1AdminMunicipalitiesByKommunenummerAppointmentInformationByMatch({ ...path(match), body: { text: bokmal, textNynorsk: nynorsk.trim() ? nynorsk : null } }),
    );
  const reset = () => act((match) => deleteApiV1AdminMunicipalitiesByKommunenummerAppointmentInformationByMatch(path(match)));

  return (
    <li className="card">
      <Title htmlMarkup="h3" appearance="title5">
        {name}
      </Title>
      <p className="hint">
        {group.source === 'national' ? t('nationalText') : t('municipalityText')} · {t('appliesTo', { phrases: group.matches.join(', ') })}
      </p>
      {problem !== null && <ProblemMessage error={problem} />}
      {editing ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <Textarea textareaId={`text-${id}`} label={t('appointmentTextBokmal', { name })} value={bokmal} onChange={(e) => setBokmal(e.target.value)} minRows={4} />
          <Textarea
            textareaId={`text-nn-${id}`}
            label={t('appointmentTextNynorsk', { name })}
            value={nynorsk}
            onChange={(e) => setNynorsk(e.target.value)}
            minRows={4}
          />
          <p className="hint">{t('appointmentTextNynorskHint')}</p>
          <div className="actions">
            <Button type="submit">{t('save')}</Button>
            <Button type="button" variant="borderless" onClick={() => setEditing(false)}>
              {t('back')}
            </Button>
          </div>
        </form>
      ) : (
        <>
          <dl className="information-forms">
            <dt>{t('bokmal')}</dt>
            <dd className="information">{group.text}</dd>
            <dt>{t('nynorsk')}</dt>
            <dd className="information">{group.textNynorsk ?? t('appointmentTextNoNynorsk')}</dd>
          </dl>
          <div className="actions">
            <Button
              variant="outline"
              onClick={() => {
                setBokmal(group.text);
                setNynorsk(group.textNynorsk ?? '');
                setEditing(true);
              }}
            >
              {t('edit')}
            </Button>
            {group.source !== 'national' && (
              <Button variant="borderless" onClick={() => void reset()}>
                {t('useNationalText')}
              </Button>
            )}
          </div>
        </>
      )}
    </li>
  );
}
