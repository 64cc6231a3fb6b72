// ai-audit dashboard: live re-reads over Server-Sent Events, writes with the session's CSRF token, the timeline chart.
(function () {
  'use strict';
  var main = document.getElementById('content');
  var topics = (document.body.getAttribute('data-topics') || '').split(/\s+/).filter(Boolean);
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || '';
  var pending = null;

  function fragmentUrl() {
    var u = new URL(window.location.href);
    u.searchParams.set('fragment', '1');
    return u.toString();
  }

  function refresh() {
    pending = null;
    fetch(fragmentUrl(), {credentials: 'same-origin'}).then(function (r) {
      if (r.status === 200) { return r.text(); }
      throw new Error('status ' + r.status);
    }).then(function (html) {
      main.innerHTML = html;
      main.setAttribute('data-refreshed', String(Date.now()));
      wire();
    }).catch(function () { /* the next event tries again */ });
  }

  function post(url, body) {
    return fetch(url, {
      method: 'POST', credentials: 'same-origin',
      headers: {'Content-Type': 'application/json', 'X-CSRF-Token': csrf},
      body: JSON.stringify(body || {})
    });
  }

  function chart() {
    var data = document.getElementById('timeline-data');
    var el = document.getElementById('timeline');
    if (!data || !el || typeof uPlot === 'undefined') { return; }
    var cols = JSON.parse(data.textContent);
    if (!cols[0].length) { el.textContent = ''; return; }
    el.textContent = '';
    new uPlot({width: Math.max(300, el.clientWidth || 800), height: 160, title: el.getAttribute('data-title') || 'records',
      series: [{}, {label: 'records', stroke: '#3367d6', fill: 'rgba(51,103,214,0.15)',
        paths: uPlot.paths && uPlot.paths.stepped ? uPlot.paths.stepped({align: 1}) : undefined}]}, cols, el);
  }

  var PALETTE = ['#3367d6', '#d93025', '#188038', '#f29900', '#9334e6', '#12b5cb', '#e8710a', '#5f6368'];

  // every <div data-chart=ID> with its <script id=ID-data>: {title, unit, labels, data: uPlot columns}
  function charts() {
    if (typeof uPlot === 'undefined') { return; }
    main.querySelectorAll('[data-chart]').forEach(function (el) {
      var src = document.getElementById(el.getAttribute('data-chart') + '-data');
      if (!src) { return; }
      var c = JSON.parse(src.textContent);
      var series = [{}];
      c.labels.forEach(function (l, i) {
        series.push({label: l, stroke: PALETTE[i % PALETTE.length], spanGaps: true,
          value: function (u, v) { return v == null ? '-' : v + ' ' + c.unit; }});
      });
      el.textContent = '';
      new uPlot({width: Math.max(300, el.clientWidth || 800), height: 200, series: series,
        axes: [{}, {label: c.unit}]}, c.data, el);
      el.setAttribute('data-drawn', String(c.labels.length));
    });
  }

  function wire() {
    main.querySelectorAll('form.ack').forEach(function (f) {
      f.addEventListener('submit', function (ev) {
        ev.preventDefault();
        post('/api/v1/alerts/' + f.getAttribute('data-seq') + '/ack', {comment: f.comment.value}).then(function (r) {
          f.textContent = r.status === 202 ? 'acknowledging…' : 'refused (' + r.status + ')';
        });
      });
    });
    var scan = document.getElementById('scan-now');
    if (scan) {
      scan.addEventListener('click', function () {
        post('/api/v1/scans').then(function (r) { scan.textContent = r.status === 202 ? 'scanning…' : 'refused (' + r.status + ')'; });
      });
    }
    chart();
    charts();
  }

  wire();
  if (window.EventSource && topics.length) {
    var live = document.getElementById('live');
    var es = new EventSource('/api/v1/stream');
    es.addEventListener('hello', function () { if (live) { live.className = 'live on'; } });
    es.addEventListener('records', function (ev) {
      var t = JSON.parse(ev.data).topics || [];
      if (t.some(function (x) { return topics.indexOf(x) >= 0; }) && !pending) {
        pending = setTimeout(refresh, 20);
      }
    });
    es.onerror = function () { if (live) { live.className = 'live off'; } };
  }
})();
