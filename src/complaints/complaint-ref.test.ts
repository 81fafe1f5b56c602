import { encodeGlobalID } from '@pothos/plugin-relay';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../errors.js';
import { parseComplaintRef } from './complaint-ref.js';

const UUID = '0b6f0d2e-6a55-4f0c-9a8e-3c1d2b4a5e6f';

describe('parseComplaintRef', () => {
  it('takes a Complaint global ID as the row id', () => {
    expect(parseComplaintRef(encodeGlobalID('Complaint', UUID))).toEqual({ kind: 'id', id: UUID });
  });

  it.each(['LPR-2026-000123', '1234567', 'a.b_c/d-e', ' 2611280001 '])('takes %j as a LAPOR! tracking ID', (ref) => {
    expect(parseComplaintRef(ref)).toEqual({ kind: 'trackingId', trackingId: ref.trim() });
  });

  it.each([
    ['another node’s global ID', encodeGlobalID('Division', UUID)],
    ['an empty string', ''],
    ['spaces only', '   '],
    ['characters a tracking ID never has', 'LPR 2026#1'],
    ['an over-long value', 'x'.repeat(65)],
    ['a global ID with a non-uuid id', `${encodeGlobalID('Complaint', 'not-a-uuid')}=`],
  ])('refuses %s as INVALID_INPUT naming the argument', (_what, ref) => {
    try {
      parseComplaintRef(ref, 'id');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidInputError);
      expect((e as InvalidInputError).issues.map((i) => i.field)).toEqual(['id']);
      expect((e as InvalidInputError).messageIn('id')).toMatch(/ID global laporan/);
      expect((e as InvalidInputError).messageIn('en')).toMatch(/global ID/);
    }
  });
});
