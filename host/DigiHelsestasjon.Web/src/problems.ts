// What a failed call means to the person: the API's stable problem `code` (never its English title or detail) becomes a
// text in the person's written form with what to do; a code this client does not know gets a general text. A validation
// problem's fields become a text next to the field. The texts themselves are in i18n/nb.ts and i18n/nn.ts.
import { ApiError } from './api/http';
import type { TextKey } from './i18n';

type Translate = (key: TextKey, values?: Record<string, string | number>) => string;

/** Every code the API answers that a person can meet, and its text. problems.test.ts holds each to a bokmål and a nynorsk text. */
export const problemKeys = {
  'insufficient-assurance': 'problemInsufficientAssurance',
  unauthenticated: 'problemUnauthenticated',
  'unknown-person': 'problemUnknownPerson',
  forbidden: 'problemForbidden',
  'not-found': 'problemNotFound',
  validation: 'problemValidation',
  'bad-request': 'problemValidation',
  conflict: 'problemConflict',
  'too-many-requests': 'problemTooManyRequests',
  'too-many-streams': 'problemTooManyRequests',
  'idempotency-key-reused': 'problemIdempotencyKeyReused',
  'message-too-large': 'problemMessageTooLarge',
  'attachment-too-large': 'problemAttachmentTooLarge',
  'attachment-not-accepted': 'problemAttachmentNotAccepted',
  'attachment-type-mismatch': 'problemAttachmentType',
  'attachment-type-not-supported': 'problemAttachmentType',
  'too-many-unsent-attachments': 'problemTooManyUnsentAttachments',
  'epj-unavailable': 'problemEpjUnavailable',
  'population-register-unavailable': 'problemPopulationRegisterUnavailable',
  'population-register-refused': 'problemPopulationRegisterUnavailable',
  'database-unavailable': 'problemDatabaseUnavailable',
  'slot-taken': 'slotTaken',
  'not-bookable': 'problemNotBookable',
  'too-many-bookings': 'problemTooManyBookings',
  'booking-note-not-taken': 'problemBookingNoteNotTaken',
  'not-replaceable': 'problemNotReplaceable',
  'not-cancellable': 'problemNotCancellable',
  'fullmakt-ended': 'problemFullmaktEnded',
  'giver-cannot-grant': 'problemGiverCannotGrant',
  'giver-too-young': 'problemGiverTooYoung',
  'conversation-ended': 'chatEnded',
  'conversation-taken': 'problemConversationTaken',
  'chat-blocked': 'problemChatBlocked',
  'chat-closed': 'problemChatClosed',
  'chat-queue-full': 'problemChatQueueFull',
  'youth-chat-for-young-people': 'problemYouthChatForYoungPeople',
  'nurses-only': 'problemNursesOnly',
  'not-requeueable': 'problemNotRequeueable',
  'no-test-connection': 'problemNoTestConnection',
  'municipality-exists': 'problemMunicipalityExists',
  'her-id-taken': 'problemHerIdTaken',
  'kind-not-in-journal': 'problemKindNotInJournal',
} as const satisfies Record<string, TextKey>;

export type ProblemCode = keyof typeof problemKeys;

/** The code of a failed call, when the API gave one. */
export function problemCode(error: unknown): string | undefined {
  return error instanceof ApiError ? error.code : undefined;
}

/** What went wrong and what to do, in the person's written form. */
export function problemText(t: Translate, error: unknown): string {
  if (!(error instanceof ApiError)) return t('problemNetwork');
  const key = problemKeys[error.code as ProblemCode];
  if (key) return t(key);
  return error.status === 401 ? t('problemUnauthenticated') : t('problemUnknown');
}

/** Fields named by the API (`errors` of a validation problem) that a form here has a Norwegian text for. */
const fieldKeys: Record<string, TextKey> = {
  body: 'fieldBody',
  subject: 'fieldSubject',
  unitId: 'fieldUnit',
  note: 'fieldBookingNote',
  receiverPid: 'fieldReceiverPid',
  scopes: 'fieldScopes',
  cancellationDeadlineHours: 'fieldCancellationDeadlineHours',
  chatRetentionHours: 'fieldChatRetentionHours',
};

/** The problems by field, as texts to show next to each field: `reminderLeadTimesHours[2]` is told as the third value. */
export function fieldProblems(t: Translate, error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const errors = error.problem.errors;
  if (typeof errors !== 'object' || errors === null) return {};
  const texts: Record<string, string> = {};
  for (const field of Object.keys(errors)) {
    const listed = /^(?<name>\w+)\[(?<index>\d+)\]/.exec(field)?.groups;
    const name = listed?.name ?? field.split('.')[0];
    const known = fieldKeys[name];
    const text = listed
      ? t(name === 'reminderLeadTimesHours' ? 'fieldReminderLeadTime' : 'fieldListValue', { number: Number(listed.index) + 1 })
      : known
        ? t(known)
        : t('fieldInvalid');
    texts[name] = texts[name] ? `${texts[name]} ${text}` : text;
  }
  return texts;
}
