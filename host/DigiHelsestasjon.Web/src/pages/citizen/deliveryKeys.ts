import { type TextKey } from '../../i18n';

export const deliveryKeys: Record<string, TextKey> = { sent: 'deliverySent', received: 'deliveryReceived', journaled: 'deliveryJournaled', failed: 'deliveryFailed' };
