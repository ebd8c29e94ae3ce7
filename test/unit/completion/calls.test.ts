import { strict as assert } from 'node:assert';
import { CallTracker } from '../../../src/completion/core/calls';

describe('call classification', () => {
  it('an unchanged version at another offset is a cursor move; at the same offset a repeat', () => {
    const calls = new CallTracker();
    calls.noteChange('d', 2);
    assert.equal(calls.classify({ docKey: 'd', version: 2, offset: 10 }), 'edit');
    assert.equal(calls.classify({ docKey: 'd', version: 2, offset: 10 }), 'repeat');
    assert.equal(calls.classify({ docKey: 'd', version: 2, offset: 4 }), 'move');
    assert.equal(calls.classify({ docKey: 'd', version: 3, offset: 5 }), 'edit');
  });

  it('the first call in a document is typing only when its change was seen', () => {
    const calls = new CallTracker();
    assert.equal(calls.classify({ docKey: 'a', version: 7, offset: 0 }), 'move');
    calls.noteChange('b', 3);
    assert.equal(calls.classify({ docKey: 'b', version: 3, offset: 0 }), 'edit');
  });

  it('isMoveWithoutEdit compares with the last call', () => {
    const calls = new CallTracker();
    calls.noteChange('d', 1);
    calls.classify({ docKey: 'd', version: 1, offset: 5 });
    assert.equal(calls.isMoveWithoutEdit('d', 5, 1), false);
    assert.equal(calls.isMoveWithoutEdit('d', 2, 1), true);
    assert.equal(calls.isMoveWithoutEdit('d', 6, 2), false, 'a new version means an edit: the call that follows decides');
    calls.forget('d');
    assert.equal(calls.isMoveWithoutEdit('d', 2, 1), false);
  });
});
