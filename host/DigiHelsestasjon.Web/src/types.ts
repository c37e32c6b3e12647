// The API's answers, as the pages use them (docs/api.md has the routes).
export interface Representation {
  subjectId: string;
  name: string;
  age: number;
  relation: 'self' | 'child' | 'fullmakt';
  permissions: string[];
}

export interface Me {
  personId: string;
  name: string;
  age: number;
  representations: Representation[];
}

export interface Appointment {
  appointmentId: string;
  start: string;
  end: string;
  type: string;
  unitId: string;
  unitName: string;
  practitionerRole: string;
  location: string;
  status: string;
  cancellation: null | { state: 'requested' | 'accepted' | 'refused'; reason: string | null };
  information: string;
  cancelDeadline: string | null;
}

export interface Message {
  messageId: string;
  direction: 'to-unit' | 'from-unit';
  authorName: string;
  body: string;
  sentAt: string;
  deliveryState: 'sent' | 'received' | 'journaled' | 'failed';
  failure: string | null;
  attachments: { attachmentId: string; fileName: string; size: number }[];
}

export interface ThreadSummary {
  threadId: string;
  unitName: string;
  subject: string;
  lastMessageAt: string;
  messageCount: number;
  unreadCount: number;
  lastDeliveryState: string | null;
}

export interface Thread {
  threadId: string;
  unitId: string;
  unitName: string;
  subject: string;
  messages: Message[];
}

export interface Municipality {
  kommunenummer: string;
  name: string;
}

export interface PublicUnit {
  unitId: string;
  name: string;
  type: string;
}

export interface OpeningHours {
  day: string;
  opens: string;
  closes: string;
}

export interface ChatUnit {
  unitId: string;
  name: string;
  type: string;
  openNow: boolean;
  opensAt: string | null;
  openingHours: OpeningHours[];
  /** The unit's own phone, when it has given one. */
  phone: string | null;
}

export interface ChatEvent {
  seq: number;
  kind: string;
  from: string;
  text: string | null;
  at: string;
}

export interface FreeSlot {
  slotId: string;
  start: string;
  end: string;
  unitId: string;
  unitName: string;
  kind: string;
}

export interface Booking {
  bookingId: string;
  state: 'requested' | 'confirmed' | 'refused';
  unitId: string;
  unitName: string;
  kind: string;
  start: string;
  end: string;
  appointmentId: string | null;
  replacesAppointmentId: string | null;
  reason: string | null;
}

export interface HealthRecord {
  entryId: string;
  name: string;
  code: string | null;
  date: string;
  result: string;
  unitName: string | null;
  source: 'epj' | 'sysvak';
  sources: ('epj' | 'sysvak')[];
}
