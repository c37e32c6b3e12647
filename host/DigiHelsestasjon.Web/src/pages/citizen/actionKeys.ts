import { type TextKey } from '../../i18n';

/** What was done, in words, by the action code the API logs (and the scopes of a power of attorney, which share them). */
export const actionKeys: Record<string, TextKey> = {
  'appointments.read': 'actionAppointmentsRead',
  'appointments.list': 'actionAppointmentsRead',
  'appointments.cancel': 'actionAppointmentsCancel',
  'appointments.calendar-feed.create': 'actionCalendarFeedCreate',
  'appointments.calendar-feed.revoke': 'actionCalendarFeedRevoke',
  'messages.read': 'actionMessagesRead',
  'messages.list': 'actionMessagesRead',
  'messages.send': 'actionMessagesSend',
  'messages.start': 'actionMessagesStart',
  'messages.unread-counts': 'actionUnreadCounts',
  'messages.attachment.read': 'actionAttachmentRead',
  'messages.attachment.upload': 'actionAttachmentUpload',
  'bookings.free-slots': 'actionFreeSlotsRead',
  'bookings.places': 'actionFreeSlotsRead',
  'bookings.create': 'actionBookingCreate',
  'bookings.read': 'actionBookingsRead',
  'bookings.list': 'actionBookingsRead',
  'healthrecords.vaccinations': 'actionVaccinationsRead',
  'healthrecords.test-results': 'actionTestResultsRead',
  'accesslog.read': 'actionAccessLogRead',
  'profile.read': 'actionProfileRead',
};

/** The kinds a reader can pick from in the access log (each is one logged action). */
export const filterableActions = [
  'appointments.list',
  'appointments.cancel',
  'messages.list',
  'messages.read',
  'messages.start',
  'messages.send',
  'bookings.create',
  'healthrecords.vaccinations',
  'healthrecords.test-results',
  'accesslog.read',
];

/** An action a newer API logs and this client does not know yet is still said in words, never as its code. */
export function actionText(t: (key: TextKey) => string, action: string): string {
  const known = actionKeys[action] ?? (action.startsWith('healthrecords.') ? 'actionHealthRecordsRead' : undefined);
  return t(known ?? 'actionOther');
}

/** What a power of attorney lets its holder do: rights, said as what one may do (not the log's past tense). */
const scopeKeys: Record<string, TextKey> = {
  'profile.read': 'scopeProfileRead',
  'appointments.read': 'scopeAppointmentsRead',
  'appointments.cancel': 'scopeAppointmentsCancel',
  'messages.read': 'scopeMessagesRead',
  'messages.send': 'scopeMessagesSend',
};

export function scopeText(t: (key: TextKey) => string, scope: string): string {
  return scopeKeys[scope] ? t(scopeKeys[scope]) : actionText(t, scope);
}
