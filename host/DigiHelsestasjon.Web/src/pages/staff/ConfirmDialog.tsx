import Modal from '@helsenorge/designsystem-react/components/Modal';
import { useI18n } from '../../i18n';

/** Asks before an act that cannot be taken back (closing a unit, flagging a chat as abusive): a dialog with the act's own
 * words on its button, and "Avbryt" that leaves everything as it was. */
export function ConfirmDialog({ title, description, confirm, onConfirm, onCancel }: {
  title: string;
  description: string;
  confirm: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  return (
    <Modal
      title={title}
      description={description}
      variant="warning"
      size="medium"
      role="alertdialog"
      primaryButtonText={confirm}
      secondaryButtonText={t('cancelAction')}
      ariaLabelCloseBtn={t('cancelAction')}
      onSuccess={onConfirm}
      onClose={onCancel}
    />
  );
}
