import { Link } from 'react-router';
import Title from '@helsenorge/designsystem-react/components/Title';
import { useI18n, type TextKey } from '../../i18n';
import { useDocumentTitle } from '../../title';

/** A static page of the footer: a heading and its paragraphs, in the person's written form. */
function InfoPage({ title, paragraphs }: { title: TextKey; paragraphs: TextKey[] }) {
  const { t } = useI18n();
  useDocumentTitle(t(title));
  return (
    <article className="info-page">
      <Title htmlMarkup="h1" appearance="title1">
        {t(title)}
      </Title>
      {paragraphs.map((key) => (
        <p key={key}>{t(key)}</p>
      ))}
      <p>
        <Link to="/">{t('toFrontPage')}</Link>
      </p>
    </article>
  );
}

/** /personvern */
export function Privacy() {
  return <InfoPage title="privacyTitle" paragraphs={['privacyText1', 'privacyText2', 'privacyText3', 'privacyText4']} />;
}

/** /kontakt */
export function Contact() {
  return <InfoPage title="contactTitle" paragraphs={['contactText1', 'contactText2', 'contactText3']} />;
}

/** /tilgjengelighet */
export function AccessibilityStatement() {
  return <InfoPage title="accessibilityTitle" paragraphs={['accessibilityText1', 'accessibilityText2', 'accessibilityText3']} />;
}

/** /logget-ut: where the header's "Logg ut" lands, so the person knows the session has ended. */
export function LoggedOut() {
  const { t } = useI18n();
  useDocumentTitle(t('loggedOutTitle'));
  return (
    <article className="info-page">
      <Title htmlMarkup="h1" appearance="title1">
        {t('loggedOutTitle')}
      </Title>
      <p>{t('loggedOutText')}</p>
      <p>
        <Link to="/">{t('toFrontPage')}</Link>
      </p>
    </article>
  );
}
