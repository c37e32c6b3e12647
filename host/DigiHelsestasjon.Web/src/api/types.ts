// The API's answers as the pages use them, derived from the generated types (src/api/generated/types.gen.ts): a field
// the API drops or renames breaks the pages' build. The API document marks no field as always present, so `Known`
// makes the fields present (null stays where the API says null); `& {...}` narrows a string to the values the pages
// tell apart.
import type * as Api from './generated/types.gen';

type Known<T> = { [K in keyof T]-?: Exclude<T[K], undefined> };
type Text<T> = { [K in keyof T]-?: Exclude<T[K], undefined | null> };

export type Representation = Text<Api.DigiHelsestasjonIdentityFeaturesGetMeRepresentationResponse> & {
  relation: 'self' | 'child' | 'fullmakt';
};
export type Me = Omit<Text<Api.DigiHelsestasjonIdentityFeaturesGetMeMeResponse>, 'representations'> & { representations: Representation[] };

export type Cancellation = { state: 'requested' | 'accepted' | 'refused'; reason: string | null };
export type Appointment = Omit<Known<Api.DigiHelsestasjonCalendarFeaturesAppointmentsAppointmentResponse>, 'cancellation'> &
  Text<Pick<Api.DigiHelsestasjonCalendarFeaturesAppointmentsAppointmentResponse, 'type' | 'unitName' | 'location' | 'practitionerRole' | 'status' | 'information'>> & {
    cancellation: Cancellation | null;
  };

export type Attachment = Text<Api.DigiHelsestasjonMessagingFeaturesThreadsAttachmentResponse>;
export type Message = Omit<Known<Api.DigiHelsestasjonMessagingFeaturesThreadsMessageResponse>, 'attachments'> &
  Text<Pick<Api.DigiHelsestasjonMessagingFeaturesThreadsMessageResponse, 'authorName' | 'body'>> & {
    direction: 'to-unit' | 'from-unit';
    deliveryState: 'sent' | 'received' | 'journaled' | 'failed';
    attachments: Attachment[];
  };
export type ThreadSummary = Known<Api.DigiHelsestasjonMessagingFeaturesThreadsThreadSummary> &
  Text<Pick<Api.DigiHelsestasjonMessagingFeaturesThreadsThreadSummary, 'subject' | 'unitName'>>;
export type Thread = Omit<Known<Api.DigiHelsestasjonMessagingFeaturesThreadsThreadResponse>, 'messages'> &
  Text<Pick<Api.DigiHelsestasjonMessagingFeaturesThreadsThreadResponse, 'subject' | 'unitName'>> & { messages: Message[] };

export type Municipality = Text<Api.DigiHelsestasjonDirectoryFeaturesListMunicipalitiesPublicMunicipality>;
export type PublicUnit = Text<Api.DigiHelsestasjonDirectoryFeaturesListPublicUnitsPublicUnit>;
export type OpeningHours = Text<Api.DigiHelsestasjonDirectoryContractsOpeningHours>;
export type ChatUnit = Omit<Known<Api.DigiHelsestasjonYouthChatFeaturesListChatUnitsChatUnit>, 'name'> & { name: string };
export type ChatEvent = Known<Api.DigiHelsestasjonYouthChatFeaturesConversationsChatEventView>;

export type FreeSlot = Text<Api.DigiHelsestasjonCalendarFeaturesSelfBookingFreeSlotResponse>;
export type Booking = Known<Api.DigiHelsestasjonCalendarFeaturesSelfBookingBookingResponse> &
  Text<Pick<Api.DigiHelsestasjonCalendarFeaturesSelfBookingBookingResponse, 'unitName' | 'kind'>> & {
    state: 'requested' | 'confirmed' | 'refused';
  };
export type HealthRecord = Known<Api.DigiHelsestasjonHealthRecordsFeaturesSourcesHealthRecordResponse> &
  Text<Pick<Api.DigiHelsestasjonHealthRecordsFeaturesSourcesHealthRecordResponse, 'entryId' | 'name' | 'result'>> & {
    sources: ('epj' | 'sysvak')[];
  };

export type AccessLogEntry = Text<Api.DigiHelsestasjonIdentityFeaturesGetAccessLogAccessLogResponse>;
export type Preferences = Omit<Text<Api.DigiHelsestasjonNotificationsFeaturesPreferencesPreferencesResponse>, 'channel' | 'language'> & {
  channel: 'sms' | 'email';
  language: 'nb' | 'nn';
};
export type Power = Known<Api.DigiHelsestasjonIdentityFeaturesPowersOfAttorneyPowerOfAttorneyResponse> &
  Text<Pick<Api.DigiHelsestasjonIdentityFeaturesPowersOfAttorneyPowerOfAttorneyResponse, 'giverName' | 'scopes'>> & {
    direction: 'given' | 'received';
  };

export type QueueEntry = Known<Api.DigiHelsestasjonYouthChatFeaturesStaffQueueQueueEntry>;
export type Colleague = Text<Api.DigiHelsestasjonYouthChatFeaturesStaffQueueColleague>;
export type PreparedAnswer = Text<Api.DigiHelsestasjonYouthChatFeaturesPreparedAnswersPreparedAnswerView>;
export type Conversation = Text<Api.DigiHelsestasjonYouthChatFeaturesOpenConversationOpenedConversation> & { unitName?: string };

export type EpjItem = Known<Api.DigiHelsestasjonEpjIntegrationOperationsEpjItemView> &
  Text<Pick<Api.DigiHelsestasjonEpjIntegrationOperationsEpjItemView, 'id' | 'kind' | 'state'>> & { direction: 'outbound' | 'inbound' };
export type InformationText = Text<Api.DigiHelsestasjonCalendarFeaturesAppointmentInformationAppointmentInformationText>;
export type SelfBookingUnit = Text<Api.DigiHelsestasjonCalendarFeaturesSelfBookingSelfBookingUnit>;
export type Policies = Text<Api.DigiHelsestasjonDirectoryContractsMunicipalityPolicies>;

// The booking page's places and its four weeks of free times, by day (issue 32).
export type BookingPlace = Text<Api.DigiHelsestasjonCalendarFeaturesBookingPlacesBookingPlace>;
export type OverlappingAppointment = Text<Api.DigiHelsestasjonCalendarFeaturesListFreeSlotDaysOverlappingAppointment>;
export type BookableSlot = Omit<Text<Api.DigiHelsestasjonCalendarFeaturesListFreeSlotDaysBookableSlot>, 'overlaps'> & { overlaps: OverlappingAppointment[] };
export type FreeSlotDay = Omit<Text<Api.DigiHelsestasjonCalendarFeaturesListFreeSlotDaysFreeSlotDay>, 'slots'> & { slots: BookableSlot[] };
export type FreeSlotDaysPage = Omit<Text<Api.DigiHelsestasjonCalendarFeaturesListFreeSlotDaysFreeSlotDaysPage>, 'days'> & { days: FreeSlotDay[] };
