import type { ApiError } from '../../api/graphql';

export const MAX_NOTE = 2000;

/** Where a refusal of a credit is shown: beside one of the form's fields, or above the form. */
export interface CreditFormErrors {
  contributor?: string;
  kind?: string;
  note?: string;
  form?: string;
}

/** The form's own checks, worded like the rules they mirror (SPEC "Credits"). */
export function checkCredit({ contributorChosen, note }: { contributorChosen: boolean; note: string }): CreditFormErrors {
  const errors: CreditFormErrors = {};
  if (!contributorChosen) errors.contributor = 'Choose a contributor from the list.';
  if (!note.trim()) errors.note = `Say what they did, in 1 to ${MAX_NOTE} characters.`;
  else if (note.length > MAX_NOTE) errors.note = `Keep the note to ${MAX_NOTE} characters; it has ${note.length}.`;
  return errors;
}

const FIELD_OF_INPUT: Record<string, keyof CreditFormErrors> = {
  contributorId: 'contributor',
  kind: 'kind',
  note: 'note',
};

/** Puts each refusal code of `creditContribution` beside the field it concerns. */
export function creditErrorsOf(error: ApiError, contributorName: string): CreditFormErrors {
  switch (error.code) {
    case 'SELF_CREDIT':
      return { contributor: "The deal's owner cannot credit themselves. Choose the colleague who helped." };
    case 'CONTRIBUTOR_INACTIVE':
      return { contributor: `${contributorName} has left the organization and cannot receive new credits.` };
    case 'NOT_FOUND':
      // The deal itself vanishing is not the contributor's fault.
      return error.field === 'dealId' ? { form: error.message } : { contributor: `${contributorName} is not in the directory.` };
    case 'DUPLICATE_CREDIT':
      return {
        kind: `${contributorName} already has an active credit of this kind on this deal. Choose another kind, or retract that credit first.`,
      };
    case 'BAD_USER_INPUT': {
      const field = FIELD_OF_INPUT[(error.field ?? '').replace(/^input\./, '')];
      return field ? { [field]: error.message } : { form: error.message };
    }
    default:
      return { form: error.message };
  }
}
