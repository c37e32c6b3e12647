import { type TextKey } from '../../i18n';

export const actionKeys: Record<string, TextKey> = {
  'appointments.read': 'actionAppointmentsRead',
  'appointments.list': 'actionAppointmentsRead',
  'appointments.cancel': 'actionAppointmentsCancel',
  'messages.read': 'actionMessagesRead',
  'messages.send': 'actionMessagesSend',
  'accesslog.read': 'actionAccessLogRead',
  'profile.read': 'actionProfileRead',
};
