import { EventCatalog } from '@club-ledger/event-store';
import { awardProgramEventTypes } from './awards/award-program.events';
import { claimEventTypes } from './claims/claim.events';
import { disputeEventTypes } from './claims/dispute.events';
import { dealEventTypes } from './deals/deal.events';
import { emailReservationEventTypes } from './people/email-reservation';
import { employeeEventTypes } from './people/employee.events';
import { quotaEventTypes } from './quotas/quota.events';

/** Every event type the domain records: what the store validates on write and upcasts on read. */
export const domainEvents = new EventCatalog([
  ...employeeEventTypes,
  ...emailReservationEventTypes,
  ...dealEventTypes,
  ...quotaEventTypes,
  ...awardProgramEventTypes,
  ...claimEventTypes,
  ...disputeEventTypes,
]);
