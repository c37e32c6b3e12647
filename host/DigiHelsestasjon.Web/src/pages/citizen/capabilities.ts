// What this login may use and for whom (GET /api/v1/me/capabilities): the tabs shown, the people in the chooser, and
// what the pages tell a parent and a youth about each other. The rules live in the API; the pages only follow them.
import { queryOptions } from '@tanstack/react-query';
import { data, getApiV1MeCapabilities } from '../../api';
import type * as Api from '../../api/generated/types.gen';
import type { TextKey } from '../../i18n';

export type Area = 'appointments' | 'booking' | 'vaccinations' | 'test-results' | 'messages' | 'access-log' | 'notices' | 'representation';
export type LoginArea = Omit<Required<Api.DigiHelsestasjonIdentityFeaturesGetCapabilitiesLoginArea>, 'area' | 'reason'> & {
  area: Area;
  reason: 'insufficient-assurance' | 'not-offered' | null;
};
export type ParentView = 'parent-sees-everything' | 'parent-sees-without-youths-own-health-information' | 'youth-manages-themself-from-16';
export type SubjectCapabilities = {
  subjectId: string | null;
  name: string;
  age: number;
  relation: 'self' | 'child' | 'fullmakt';
  areas: Area[];
  parentView: ParentView | null;
  parentSeesYouthServiceContacts: boolean | null;
};
export type YouthPrivacy = { parentView: ParentView; parentMaySee: Area[]; parentMayNotSee: Area[]; parentSeesYouthServiceContacts: boolean };
export type Capabilities = { login: string; areas: LoginArea[]; subjects: SubjectCapabilities[]; parentSeesOfMe: YouthPrivacy | null };

export const capabilitiesQuery = queryOptions({
  queryKey: ['me', 'capabilities'],
  queryFn: () => data<Capabilities>(getApiV1MeCapabilities()),
  staleTime: 60_000,
});

export const areaKeys: Record<Area, TextKey> = {
  appointments: 'areaAppointments',
  booking: 'areaBooking',
  vaccinations: 'areaVaccinations',
  'test-results': 'areaTestResults',
  messages: 'areaMessages',
  'access-log': 'areaAccessLog',
  notices: 'areaNotices',
  representation: 'areaRepresentation',
};

/** A tab of a person's pages: its address, its name, and the area it shows (health records: either of two). */
export interface Section {
  slug: string;
  key: TextKey;
  areas: Area[];
}

export const allSections: Section[] = [
  { slug: 'avtaler', key: 'appointments', areas: ['appointments'] },
  { slug: 'bestill', key: 'bookTime', areas: ['booking'] },
  { slug: 'helse', key: 'healthRecords', areas: ['vaccinations', 'test-results'] },
  { slug: 'meldinger', key: 'messages', areas: ['messages'] },
  // The calendar link carries appointments.
  { slug: 'kalender', key: 'calendarLink', areas: ['appointments'] },
  { slug: 'innsynslogg', key: 'accessLog', areas: ['access-log'] },
  { slug: 'varsler', key: 'notices', areas: ['notices'] },
  { slug: 'fullmakter', key: 'powersOfAttorney', areas: ['representation'] },
];

/** The tabs this login may use for this person. Booking is also bound by age (a youth of 12-24 books their own, a guardian
 * for a child under 12: the units the API offers follow that), and health records are a youth's own from 12. */
export function sectionsFor(subject: SubjectCapabilities): Section[] {
  return allSections.filter((section) => {
    if (!section.areas.some((area) => subject.areas.includes(area))) return false;
    if (section.slug === 'bestill') return subject.relation === 'self' ? subject.age >= 12 && subject.age <= 24 : subject.age < 12;
    if (section.slug === 'helse') return subject.relation !== 'self' || subject.age >= 12;
    return true;
  });
}

/** The areas a stronger login would open: told once, with one button, instead of tabs that fail. */
export function areasNeedingIdPorten(capabilities: Capabilities): Area[] {
  return capabilities.areas.filter((a) => !a.usable && a.reason === 'insufficient-assurance').map((a) => a.area);
}

/** Everyone the user can open pages for (a child from 16 is listed without an id: nothing to act on). */
export function actionable(capabilities: Capabilities): (SubjectCapabilities & { subjectId: string })[] {
  return capabilities.subjects.filter((s): s is SubjectCapabilities & { subjectId: string } => s.subjectId !== null);
}

/** A list in words, as the person's written form joins it ("timeavtaler, meldinger og vaksiner"). */
export function listInWords(parts: string[], language: 'nb' | 'nn'): string {
  return new Intl.ListFormat(language === 'nn' ? 'nn' : 'nb', { type: 'conjunction' }).format(parts);
}
