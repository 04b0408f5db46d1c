/* duban dashboard script: keeps the live parts of a page current, ticks the plan date, submits filters on
   change and asks before destructive actions. Plain JavaScript, no build step; pages work without it. */
/* global document, window, fetch, setTimeout */
'use strict';
(function () {
  var POLL_MS = 3000;

  /* Live regions: <div data-live="/fragments/…" data-live-version="…">. The server answers 304 while the
     region is unchanged, so polling costs a few hundred bytes. */
  function watch(region) {
    var url = region.getAttribute('data-live');
    var version = region.getAttribute('data-live-version') || '';
    var stopped = false;
    function schedule() {
      if (!stopped) setTimeout(tick, POLL_MS);
    }
    function tick() {
      if (document.hidden) return schedule();
      fetch(url, { headers: { 'if-none-match': version }, credentials: 'same-origin', cache: 'no-store' })
        .then(function (res) {
          if (res.status === 304) return null;
          if (res.status === 401 || res.redirected) {
            stopped = true;
            var lost = document.querySelector('[data-live-lost]');
            if (lost) lost.hidden = false;
            return null;
          }
          if (!res.ok) return null;
          version = res.headers.get('etag') || '';
          return res.text();
        })
        .then(function (html) {
          if (html !== null && html !== undefined) {
            region.innerHTML = html;
            region.setAttribute('data-live-version', version);
            region.dispatchEvent(new window.CustomEvent('live:updated', { bubbles: true }));
          }
        })
        .catch(function () {
          /* the server is restarting: try again next round */
        })
        .then(schedule);
    }
    schedule();
  }

  /* The plan date (督办日) runs at the plan clock's speed: plan = planEpoch + (now − realEpoch) × speed. */
  function planClock(el) {
    var planEpoch = Number(el.getAttribute('data-plan-epoch'));
    var realEpoch = Number(el.getAttribute('data-real-epoch'));
    var speed = Number(el.getAttribute('data-speed'));
    var skew = Number(el.getAttribute('data-server-now')) - Date.now();
    var dateEl = el.querySelector('[data-plan-date]');
    var dayEl = el.querySelector('[data-plan-weekday]');
    var days = '日一二三四五六';
    function update() {
      var plan = planEpoch + (Date.now() + skew - realEpoch) * speed;
      var d = new Date(plan + 8 * 3600 * 1000); /* China time */
      var y = d.getUTCFullYear();
      var m = d.getUTCMonth() + 1;
      var day = d.getUTCDate();
      dateEl.textContent = y + '年' + m + '月' + day + '日';
      dateEl.setAttribute('datetime', y + '-' + (m < 10 ? '0' : '') + m + '-' + (day < 10 ? '0' : '') + day);
      dayEl.textContent = '星期' + days.charAt(d.getUTCDay());
      setTimeout(update, speed > 1 ? 500 : 30000);
    }
    if (dateEl && dayEl && speed > 0) update();
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll('[data-live]'), watch);
    Array.prototype.forEach.call(document.querySelectorAll('[data-plan-clock]'), planClock);
    Array.prototype.forEach.call(document.querySelectorAll('form[data-autosubmit]'), function (form) {
      form.addEventListener('change', function () {
        form.submit();
      });
    });
    Array.prototype.forEach.call(document.querySelectorAll('form[data-confirm]'), function (form) {
      form.addEventListener('submit', function (e) {
        if (!window.confirm(form.getAttribute('data-confirm'))) e.preventDefault();
      });
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
