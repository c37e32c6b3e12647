import { useCallback, useEffect, useState } from 'react';
import Button from '@helsenorge/designsystem-react/components/Button';
import Loader from '@helsenorge/designsystem-react/components/Loader';
import Textarea from '@helsenorge/designsystem-react/components/Textarea';
import Title from '@helsenorge/designsystem-react/components/Title';
import { api } from '../../api';
import { useI18n } from '../../i18n';

interface InformationText {
  match: string;
  text: string;
  source: string;
}

/** One text as the admin edits it: the same text can answer several phrases (bokmål and nynorsk spellings). */
interface TextGroup {
  matches: string[];
  text: string;
  source: string;
}

function groups(texts: InformationText[]): TextGroup[] {
  const byText = new Map<string, TextGroup>();
  for (const entry of texts.filter((e) => e.match.trim() !== '')) {
    const key = `${entry.source}\u0000${entry.text}`;
    const group = byText.get(key) ?? { matches: [], text: entry.text, source: entry.source };
    group.matches.push(entry.match.toLowerCase());
    byText.set(key, group);
  }
  return [...byText.values()];
}

/** The texts shown with each kind of appointment: the national ones, and the municipality's own in their place. */
export function AppointmentTexts({ kommunenummer }: { kommunenummer: string }) {
  const { t } = useI18n();
  const [texts, setTexts] = useState<TextGroup[] | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [draft, setDraft] = useState('');
  const path = `/api/v1/admin/municipalities/${kommunenummer}/appointment-information`;

  const load = useCallback(async () => setTexts(groups(await api<InformationText[]>(path))), [path]);
  useEffect(() => void load(), [load]);

  // The municipality's text answers every phrase the national one did.
  const save = async (group: TextGroup) => {
    for (const match of group.matches) {
      await api(`${path}/${encodeURIComponent(match)}`, { method: 'PUT', body: { text: draft } });
    }
    setEditing(null);
    await load();
  };
  const reset = async (group: TextGroup) => {
    for (const match of group.matches) {
      await api(`${path}/${encodeURIComponent(match)}`, { method: 'DELETE' });
    }
    await load();
  };

  if (!texts) return <Loader ariaLabel={t('loading')} />;
  return (
    <section aria-labelledby="texts-title">
      <Title id="texts-title" htmlMarkup="h2" appearance="title2">
        {t('appointmentTexts')}
      </Title>
      <p>{t('appointmentTextsLead')}</p>
      <ul className="cards">
        {texts.map((group) => {
          const id = `${group.source}-${group.matches[0]}`;
          const name = group.matches[0].charAt(0).toUpperCase() + group.matches[0].slice(1);
          return (
            <li key={id} className="card">
              <Title htmlMarkup="h3" appearance="title5">
                {name}
              </Title>
              <p className="hint">
                {group.source === 'national' ? t('nationalText') : t('municipalityText')} · {t('appliesTo', { phrases: group.matches.join(', ') })}
              </p>
              {editing === id ? (
                <form
                  onSubmit={(e) => {
                    e.preventDefault();
                    void save(group);
                  }}
                >
                  <Textarea textareaId={`text-${id}`} label={t('textFor', { match: name })} value={draft} onChange={(e) => setDraft(e.target.value)} minRows={4} />
                  <div className="actions">
                    <Button type="submit">{t('save')}</Button>
                    <Button type="button" variant="borderless" onClick={() => setEditing(null)}>
                      {t('back')}
                    </Button>
                  </div>
                </form>
              ) : (
                <>
                  <p className="information">{group.text}</p>
                  <div className="actions">
                    <Button
                      variant="outline"
                      onClick={() => {
                        setEditing(id);
                        setDraft(group.text);
                      }}
                    >
                      {t('edit')}
                    </Button>
                    {group.source !== 'national' && (
                      <Button variant="borderless" onClick={() => void reset(group)}>
                        {t('useNationalText')}
                      </Button>
                    )}
                  </div>
                </>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
