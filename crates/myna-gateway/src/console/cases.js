// The case queue, live (issue 19). Plain JavaScript served by the gateway; the page works
// without it (staff reload by hand). It listens to /console/events (Server-Sent Events: the
// browser reconnects by itself and sends the last event id, so nothing is missed; sessions are
// kept across a gateway restart, so the page resumes by itself when the gateway is back), re-reads the
// list part of the page on every case event, and rings the chime for a new case once staff
// pressed "enable sound" (browsers play nothing before the page is touched).
//
// For tests and for staff who wonder: <body data-live="connecting|on|reconnecting|lost"> and
// <body data-chimes="N">, the chimes that really started playing (the audio's `playing` event).
(function () {
  'use strict';
  var bar = document.getElementById('live-bar');
  if (!bar || !window.EventSource || !window.fetch) {
    return;
  }
  var body = document.body;
  var live = document.getElementById('live');
  var lost = document.getElementById('live-lost');
  var list = document.getElementById('cases');
  var sound = document.getElementById('sound');
  var chime = document.getElementById('chime');
  var soundOn = false;
  var waitingChimes = 0;
  var refreshing = false;
  var refreshAgain = false;
  var source = null;

  body.dataset.chimes = '0';

  function state(name, text) {
    body.dataset.live = name;
    live.textContent = text;
  }

  // Sound: the button's own click plays the chime once (that click is what allows the page to
  // play later, and staff hear how loud it is); only the chimes for cases are counted.
  sound.hidden = false;
  sound.addEventListener('click', function () {
    soundOn = true;
    sound.setAttribute('aria-pressed', 'true');
    sound.textContent = bar.dataset.soundOn;
    chime.pause();
    chime.currentTime = 0;
    chime.play().catch(function () {});
  });
  chime.addEventListener('playing', function () {
    if (waitingChimes > 0) {
      waitingChimes -= 1;
      body.dataset.chimes = String(Number(body.dataset.chimes) + 1);
    }
  });

  function ring() {
    if (!soundOn) {
      return;
    }
    waitingChimes += 1;
    // Paused first, so that a chime still sounding starts again and says `playing` again.
    chime.pause();
    chime.currentTime = 0;
    chime.play().catch(function () {
      waitingChimes = Math.max(0, waitingChimes - 1);
    });
  }

  // The list is replaced whole; what staff were doing in it (the outcome chosen, the focused
  // control) is put back on the same case.
  function keyOf(element) {
    var row = element && element.closest ? element.closest('tr[data-case]') : null;
    return row ? row.dataset.kiosk + '\n' + row.dataset.case : null;
  }

  function findRow(key) {
    var rows = list.querySelectorAll('tr[data-case]');
    for (var i = 0; i < rows.length; i += 1) {
      if (keyOf(rows[i]) === key) {
        return rows[i];
      }
    }
    return null;
  }

  function replaceList(html) {
    var chosen = {};
    list.querySelectorAll('select[name=outcome]').forEach(function (select) {
      chosen[keyOf(select)] = select.value;
    });
    var focused = document.activeElement;
    var focusKey = list.contains(focused) ? keyOf(focused) : null;
    var focusForm = focusKey ? focused.closest('form').className : null;
    var focusTag = focusKey ? focused.tagName : null;
    list.innerHTML = html;
    list.querySelectorAll('select[name=outcome]').forEach(function (select) {
      var value = chosen[keyOf(select)];
      if (value) {
        select.value = value;
      }
    });
    var row = focusKey ? findRow(focusKey) : null;
    var again = row ? row.querySelector('form.' + focusForm + ' ' + focusTag) : null;
    if (again) {
      again.focus();
    }
  }

  function refresh() {
    if (refreshing) {
      refreshAgain = true;
      return;
    }
    refreshing = true;
    fetch('/console/cases/list', { credentials: 'same-origin', cache: 'no-store' })
      .then(function (response) {
        if (response.status === 401) {
          stopped();
          return null;
        }
        return response.ok ? response.text() : null;
      })
      .then(function (html) {
        if (html !== null) {
          replaceList(html);
        }
      })
      .catch(function () {})
      .then(function () {
        refreshing = false;
        if (refreshAgain) {
          refreshAgain = false;
          refresh();
        }
      });
  }

  // Signed out (or the session ended): the red line, with its link to sign in again.
  function stopped() {
    if (source) {
      source.close();
    }
    state('lost', '');
    lost.hidden = false;
  }

  // The stream, from the last event this page saw. EventSource itself reconnects after a broken
  // connection (sending Last-Event-ID); when it gives up (an answer other than the stream, such
  // as a proxy's error while the gateway restarts), the list says whether the session is over
  // (401: stopped) or the gateway is not back yet (try again shortly, from the same id).
  var broken = false;
  var lastId = bar.dataset.after;
  var RETRY_MS = 2000;

  function check() {
    fetch('/console/cases/list', { credentials: 'same-origin', cache: 'no-store' })
      .then(function (response) {
        if (response.status === 401) {
          stopped();
        } else {
          window.setTimeout(connect, RETRY_MS);
        }
      })
      .catch(function () {
        window.setTimeout(connect, RETRY_MS);
      });
  }

  function connect() {
    source = new EventSource('/console/events?after=' + encodeURIComponent(lastId));
    source.onopen = function () {
      state('on', bar.dataset.on);
      lost.hidden = true;
      if (broken) {
        // Back after a break: the missed events come first, but the list is read anyway.
        broken = false;
        refresh();
      }
    };
    source.onerror = function () {
      broken = true;
      state('reconnecting', bar.dataset.reconnecting);
      if (source.readyState === EventSource.CLOSED) {
        check();
      }
    };
    ['case_raised', 'case_acknowledged', 'case_resolved'].forEach(function (kind) {
      source.addEventListener(kind, function (event) {
        lastId = event.lastEventId || lastId;
        if (kind === 'case_raised') {
          ring();
        }
        refresh();
      });
    });
    source.addEventListener('kiosk_health', function (event) {
      lastId = event.lastEventId || lastId;
    });
    source.addEventListener('signed_out', stopped);
  }

  state('connecting', bar.dataset.connecting);
  connect();
}());
