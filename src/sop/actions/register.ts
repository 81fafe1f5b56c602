// SOP step 2: enter the report in the register book (Buku Inventarisasi) with the next number.
import { localDate } from '../../calendar/calendar.js';
import { formatRegisterNumber, nextRegisterSeq } from '../register-number.js';
import { defineStep } from '../step.js';
import { registerSummary } from '../wording.js';

export const register = defineStep<void, void, { year: number; seq: number; number: string }>({
  action: 'REGISTER',
  write: async (tx, c, _input, _checked, _next, { actor, now }) => {
    const agency = await tx.agency.findUniqueOrThrow({
      where: { id: c.agencyId },
      select: { id: true, code: true, timeZone: true, registerNumberFormat: true },
    });
    const year = Number(localDate(now, agency.timeZone).slice(0, 4));
    const seq = await nextRegisterSeq(tx, agency.id, year);
    const number = formatRegisterNumber(agency.registerNumberFormat, { seq, code: agency.code, year });
    // The book's own line: it outlives a later return and dispatch to another agency.
    await tx.registerEntry.create({
      data: {
        agencyId: agency.id,
        year,
        seq,
        number,
        complaintId: c.id,
        trackingId: c.trackingId,
        registeredAt: now,
        registeredById: actor.id,
      },
    });
    return { year, seq, number };
  },
  update: (_c, _input, _checked, r, _next, { now }) => ({
    registerYear: r.year,
    registerSeq: r.seq,
    registerNumber: r.number,
    registeredAt: now,
  }),
  summary: (_c, _input, _checked, r) => registerSummary(r.number),
});
