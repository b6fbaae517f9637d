// The emulator's fast date display (a cached offset per day, integer calendar arithmetic) agrees with Intl for
// random instants over 60 years, DST changes included, in zones with odd offsets and half-hour DST.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { displayDateTime, parseDisplayValue } from '../../src/emulator/auth/user-zone.js';

const ZONES = ['America/Los_Angeles', 'Europe/Paris', 'Australia/Lord_Howe', 'Asia/Kolkata', 'America/St_Johns'];

void describe('user zone formatting', () => {
  for (const timeZone of ZONES) {
    void it(`matches Intl and round-trips through input parsing in ${timeZone}`, () => {
      const zone = { timeZone, dateFormat: 'yyyy-MM-dd', timeFormat: 'HH:mm:ss' };
      const intl = new Intl.DateTimeFormat('sv-SE', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hourCycle: 'h23',
      });
      for (let i = 0; i < 3000; i++) {
        const ms = Date.UTC(1990, 0, 1) + Math.floor(Math.random() * 60 * 365 * 86_400) * 1000;
        const stored = new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
        const shown = displayDateTime(zone, stored);
        assert.equal(shown, intl.format(ms).replace(',', ''), stored);
        const back = parseDisplayValue(zone, 'glide_date_time', shown);
        // A wall-clock time repeated by a DST fall-back reads as its earlier instant.
        if (back !== stored) assert.ok(back !== undefined && Date.parse(`${back}Z`) < ms, `${stored} -> ${back}`);
      }
    });
  }
});

void describe('user zone input at DST changes', () => {
  const zone = (timeZone: string) => ({ timeZone, dateFormat: 'yyyy-MM-dd', timeFormat: 'HH:mm:ss' });
  void it('reads a repeated wall-clock time as its earlier instant, a half-hour fall-back included', () => {
    // Lord Howe falls back from +11:00 to +10:30 at 02:00 local on 2039-04-03: 01:48:12 happens twice.
    assert.equal(
      parseDisplayValue(zone('Australia/Lord_Howe'), 'glide_date_time', '2039-04-03 01:48:12'),
      '2039-04-02 14:48:12',
    );
    // Los Angeles falls back at 02:00 PDT on 2026-11-01: 01:30 happens at 08:30 and 09:30 UTC.
    assert.equal(
      parseDisplayValue(zone('America/Los_Angeles'), 'glide_date_time', '2026-11-01 01:30:00'),
      '2026-11-01 08:30:00',
    );
  });
  void it('moves a wall-clock time skipped by a spring-forward to after the change', () => {
    // 02:30 does not exist in Los Angeles on 2026-03-08; read with PST it is 10:30 UTC, shown as 03:30 PDT.
    assert.equal(
      parseDisplayValue(zone('America/Los_Angeles'), 'glide_date_time', '2026-03-08 02:30:00'),
      '2026-03-08 10:30:00',
    );
  });
});
