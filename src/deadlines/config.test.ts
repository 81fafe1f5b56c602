// The legal clocks' configuration: zero or negative durations stop start-up with one line naming
// the variable (src/config.ts), so a deadline can never be "due on receipt".
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.js';

const DURATIONS = [
  'FOLLOW_UP_WORKING_DAYS',
  'AUTO_CLOSE_WORKING_DAYS',
  'OMBUDSMAN_LENGTH',
  'DEADLINE_WARNING_WORKING_DAYS',
  'SWEEP_INTERVAL_SECONDS',
];

describe('deadline configuration', () => {
  it('defaults follow the SOP: 5 working days, 10 working days, 60 calendar days, warning 1 working day', () => {
    expect(loadConfig({})).toMatchObject({
      followUpWorkingDays: 5,
      autoCloseWorkingDays: 10,
      ombudsmanLength: 60,
      ombudsmanUnit: 'CALENDAR_DAYS',
      deadlineWarningWorkingDays: 1,
      sweepIntervalSeconds: 60,
    });
  });

  it.each(DURATIONS.flatMap((name) => ['0', '-3', '2.5', 'five'].map((value) => [name, value])))('refuses %s=%s', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^${name}=`));
  });

  it('accepts positive values and the working-day Ombudsman unit; refuses an unknown unit', () => {
    expect(loadConfig({ FOLLOW_UP_WORKING_DAYS: '3', OMBUDSMAN_LENGTH: '40', OMBUDSMAN_UNIT: 'WORKING_DAYS' })).toMatchObject({
      followUpWorkingDays: 3,
      ombudsmanLength: 40,
      ombudsmanUnit: 'WORKING_DAYS',
    });
    expect(() => loadConfig({ OMBUDSMAN_UNIT: 'WEEKS' })).toThrow(/OMBUDSMAN_UNIT=WEEKS/);
  });
});
