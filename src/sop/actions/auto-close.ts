// 10 working days after the response without a reply from the complainant: the deadline sweeper
// closes the report (as SYSTEM). Returns the due instant it acted on, for the deadline event.
import { defineStep } from '../step.js';
import { autoCloseSummary } from '../wording.js';

export const autoClose = defineStep<void, void, { dueAt: Date }>({
  action: 'AUTO_CLOSE',
  // The sweeper picked the row because autoCloseAt is set and due.
  write: async (_tx, c) => ({ dueAt: c.autoCloseAt! }),
  update: (_c, _input, _checked, _written, _next, { now }) => ({ closedAt: now }),
  summary: (_c, _input, _checked, _written, _next, { config }) => autoCloseSummary(config.autoCloseWorkingDays),
});
