import * as assert from 'node:assert/strict';
import { focusAfterDelete, groupOf, historyDate, historyGroups, movedFocus } from '../../../src/webview/chat/historyModel';
import type { ConversationSummary } from '../../../src/shared/protocol';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Midnight UTC, Wednesday 2 December 2026. */
const TODAY = Date.UTC(2026, 11, 2);

const chat = (id: string, updatedAt: number, messageCount = 2, title = `Chat ${id}`): ConversationSummary => ({ id, title, updatedAt, messageCount });

describe('chat history list', () => {
  it('groups by day, most recent first, and leaves out chats without a message', () => {
    const list = [
      chat('old', TODAY - 40 * DAY),
      chat('week', TODAY - 3 * DAY),
      chat('new-empty', TODAY + 10 * HOUR, 0, 'New chat'),
      chat('today', TODAY + 9 * HOUR),
      chat('yesterday', TODAY - 2 * HOUR),
      chat('today-2', TODAY + 1),
    ];
    const groups = historyGroups(list, TODAY);
    assert.deepEqual(
      groups.map((g) => [g.label, g.items.map((c) => c.id)]),
      [
        ['Today', ['today', 'today-2']],
        ['Yesterday', ['yesterday']],
        ['Previous 7 days', ['week']],
        ['Older', ['old']],
      ],
    );
  });

  it('the search keeps the titles that contain it, whatever the case', () => {
    const list = [chat('a', TODAY + HOUR, 2, 'Parse JSON in Go'), chat('b', TODAY + 2 * HOUR, 2, 'Regex for dates'), chat('c', TODAY - 9 * DAY, 2, 'json streaming')];
    assert.deepEqual(
      historyGroups(list, TODAY, '  JSON ').flatMap((g) => g.items.map((c) => c.id)),
      ['a', 'c'],
    );
    assert.deepEqual(historyGroups(list, TODAY, 'yaml'), []);
  });

  it('day boundaries', () => {
    assert.equal(groupOf(TODAY, TODAY), 'Today');
    assert.equal(groupOf(TODAY - 1, TODAY), 'Yesterday');
    assert.equal(groupOf(TODAY - DAY, TODAY), 'Yesterday');
    assert.equal(groupOf(TODAY - DAY - 1, TODAY), 'Previous 7 days');
    assert.equal(groupOf(TODAY - 7 * DAY, TODAY), 'Previous 7 days');
    assert.equal(groupOf(TODAY - 7 * DAY - 1, TODAY), 'Older');
  });

  it('dates: the time today and yesterday, weekday and time this week, else the date', () => {
    const format = { locale: 'en-GB', timeZone: 'UTC' };
    assert.equal(historyDate(TODAY + 14 * HOUR + 3 * 60_000, 'Today', format), '14:03');
    assert.equal(historyDate(TODAY - 2 * HOUR, 'Yesterday', format), '22:00');
    assert.equal(historyDate(TODAY - 3 * DAY + 9 * HOUR, 'Previous 7 days', format), 'Sun 09:00');
    assert.equal(historyDate(TODAY - 40 * DAY, 'Older', format), '23 Oct 2026');
  });

  it('arrow keys, Home and End move within the list; other keys do not', () => {
    assert.equal(movedFocus('ArrowDown', 0, 3), 1);
    assert.equal(movedFocus('ArrowDown', 2, 3), 2);
    assert.equal(movedFocus('ArrowUp', 0, 3), 0);
    assert.equal(movedFocus('ArrowUp', 2, 3), 1);
    assert.equal(movedFocus('Home', 2, 3), 0);
    assert.equal(movedFocus('End', 0, 3), 2);
    assert.equal(movedFocus('Enter', 0, 3), undefined);
    assert.equal(movedFocus('ArrowDown', 0, 0), undefined);
  });

  it('after a delete the focus goes to the next entry, else the one before, else nowhere in the list', () => {
    assert.equal(focusAfterDelete(1, 3), 1);
    assert.equal(focusAfterDelete(3, 3), 2);
    assert.equal(focusAfterDelete(0, 0), undefined);
  });
});
