// IsoDate (contract) accepts only existing calendar dates YYYY-MM-DD.
import { describe, expect, it } from 'vitest';
import { IsoDate, isCalendarDate } from '../../shared/contract/fieldwork';

describe('IsoDate', () => {
  it('accepts existing dates, leap days included', () => {
    for (const d of ['2014-01-01', '2014-12-31', '2024-02-29', '2000-02-29']) {
      expect(isCalendarDate(d), d).toBe(true);
      expect(IsoDate.safeParse(d).success, d).toBe(true);
    }
  });
  it('refuses impossible days and other shapes', () => {
    for (const d of ['2014-13-45', '2014-00-10', '2014-04-31', '2023-02-29', '1900-02-29', '2014-1-5', '2014-01-01T00:00', ' 2014-01-01']) {
      expect(isCalendarDate(d), d).toBe(false);
      expect(IsoDate.safeParse(d).success, d).toBe(false);
    }
  });
});
