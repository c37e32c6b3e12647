import { describe, expect, it } from 'vitest';
import { ApiError } from './api/http';
import { translate } from './i18n';
import { nb } from './i18n/nb';
import { nn } from './i18n/nn';
import { fieldProblems, problemKeys, problemText } from './problems';

const problem = (status: number, code: string, extensions: Record<string, unknown> = {}) =>
  new ApiError(status, 'An English title', 'An English detail the person must never see.', code, { code, ...extensions });

describe('Given the problem codes the client knows', () => {
  it('When each is shown Then it has a bokmål and a nynorsk text', () => {
    for (const [code, key] of Object.entries(problemKeys)) {
      expect(nb[key]?.trim(), code).toBeTruthy();
      expect(nn[key]?.trim(), code).toBeTruthy();
    }
  });

  it('When the API answers a known code Then the text is the code’s, never the English detail', () => {
    const text = problemText((key, values) => translate('nn', key, values), problem(409, 'slot-taken'));
    expect(text).toBe(nn.slotTaken);
  });

  it('When the API answers a code the client does not know Then a general Norwegian text is shown', () => {
    expect(problemText((key) => translate('nb', key), problem(500, 'something-new'))).toBe(nb.problemUnknown);
    expect(problemText((key) => translate('nb', key), new TypeError('Failed to fetch'))).toBe(nb.problemNetwork);
  });

  it('When a validation problem names fields Then each field gets its own Norwegian text', () => {
    const error = problem(400, 'bad-request', { errors: { 'reminderLeadTimesHours[2]': ['Expected a whole number.'], body: ['Required.'], other: ['x'] } });
    expect(fieldProblems((key, values) => translate('nb', key, values), error)).toEqual({
      reminderLeadTimesHours: 'Verdi nummer 3 må være et helt antall timer mellom 1 og 336.',
      body: nb.fieldBody,
      other: nb.fieldInvalid,
    });
  });
});
