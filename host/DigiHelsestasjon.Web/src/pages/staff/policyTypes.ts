

export interface OpeningHours {
  day: string;
  opens: string;
  closes: string;
}

export interface Policies {
  cancellationNeedsApproval: boolean;
  cancellationDeadlineHours: number;
  reminderLeadTimesHours: number[];
  chatOpeningHours: OpeningHours[];
  chatRetentionHours: number;
  enabledModules: string[];
}

export interface Figures {
  appointments?: {
    appointments: number;
    digitalCancellations: number;
    noShows: number;
    attended: number;
    perWeek: { week: string; appointments: number; digitalCancellations: number; noShows: number; attended: number }[];
  };
  messages?: { perUnitAndWeek: { week: string; fromCitizens: number; fromUnit: number }[] };
  notices?: { day: string; planned: number; sent: number; delivered: number; failed: number }[];
  youthChat?: {
    perUnit: { unitName: string; conversations: number; answered: number; unanswered: number }[];
    perWeek: { week: string; conversations: number; answered: number; unanswered: number }[];
  };
}
