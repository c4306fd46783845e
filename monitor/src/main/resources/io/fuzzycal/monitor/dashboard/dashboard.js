// The monitor's dashboard: polls /api/dashboard and draws it with uPlot (served from its WebJar).
// window.fuzzycalDashboard holds the charts and counters, for people and tests poking at the page.
(function () {
  'use strict';
  var VARIANT_COLOUR = { FP32: '#1f6fb4', INT4: '#d9631e' };
  var OTHER = ['#2a9d5c', '#8e44ad', '#c0392b', '#7f8c8d', '#16a085', '#b7950b'];
  var HEIGHT = 240;
  var state = window.fuzzycalDashboard = { charts: {}, polls: 0, errors: 0, lastError: null, data: null };

  function colour(variant, i) { return VARIANT_COLOUR[variant] || OTHER[i % OTHER.length]; }
  function fmt(v, digits) { return v == null ? '–' : Number(v).toFixed(digits == null ? 3 : digits); }
  function known(column) { return column.some(function (v) { return v != null; }); }
  function fromZero(u, min, max) { return [0, max == null ? 0.1 : Math.max(0.02, max * 1.15)]; }
  function unit() { return [0, 1]; }
  function order(a, b) { // FP32 before INT4, raw before calibrated
    return a.model.localeCompare(b.model) || a.variant.localeCompare(b.variant) || b.stage.localeCompare(a.stage);
  }
  function label(s, models) {
    var base = s.variant + ' ' + s.stage.toLowerCase();
    return models > 1 ? s.model + ' ' + base : base;
  }

  /** Creates chart `name`, or gives it new data; rebuilt when its lines change. */
  function chart(name, opts, data, hasData, emptyText) {
    var el = document.getElementById('chart-' + name);
    var signature = JSON.stringify(opts.series.map(function (s) { return s.label || ''; }));
    var u = state.charts[name];
    if (u && u.fuzzycalSignature !== signature) {
      u.destroy();
      u = null;
    }
    if (!u) {
      opts.width = Math.max(280, el.clientWidth);
      opts.height = HEIGHT;
      u = new uPlot(opts, data, el);
      u.fuzzycalSignature = signature;
      state.charts[name] = u;
    } else {
      u.setData(data);
    }
    var empty = el.querySelector('.empty');
    if (!hasData && !empty) {
      empty = document.createElement('div');
      empty.className = 'empty';
      el.appendChild(empty);
    }
    if (empty) {
      if (hasData) { empty.remove(); } else { empty.textContent = emptyText; }
    }
  }

  function timeChart(name, yLabel, range, lines, t, emptyText) {
    var series = [{}].concat(lines.map(function (l) {
      return { label: l.label, stroke: l.stroke, width: l.width || 2, dash: l.dash, spanGaps: true,
        paths: l.paths, points: { show: false }, value: function (u, v) { return fmt(v, l.digits); } };
    }));
    var data = [t].concat(lines.map(function (l) { return l.values; }));
    chart(name, {
      series: series,
      scales: { x: { time: true }, y: { range: range } },
      axes: [{}, { label: yLabel, size: 60 }],
      legend: { live: true }
    }, data, lines.some(function (l) { return known(l.values); }), emptyText);
  }

  function reliability(variant, current) {
    var mine = current.series.filter(function (s) { return s.variant === variant; }).sort(order);
    var model = mine.length ? mine[0].model : null;
    var byStage = {};
    mine.filter(function (s) { return s.model === model; }).forEach(function (s) {
      var w = s.time || s.count;
      if (w && w.reliability.length) { byStage[s.stage] = w.reliability; }
    });
    var bins = byStage.CALIBRATED || byStage.RAW || [];
    var x = bins.map(function (b) { return (b.lower + b.upper) / 2; });
    function accuracy(stage) {
      var b = byStage[stage];
      return x.map(function (_, i) { return b && b[i] && b[i].samples > 0 ? b[i].accuracy : null; });
    }
    var raw = accuracy('RAW');
    var cal = accuracy('CALIBRATED');
    var c = colour(variant, 0);
    chart('reliability' + variant, {
      series: [
        { label: 'confidence' , value: function (u, v) { return fmt(v, 3); } },
        { label: 'perfect calibration', stroke: '#9aa5b1', width: 1, dash: [4, 4], points: { show: false } },
        { label: 'raw', stroke: c, width: 1.5, dash: [6, 4], spanGaps: true, points: { show: true, size: 6 },
          value: function (u, v) { return fmt(v, 3); } },
        { label: 'calibrated', stroke: c, width: 2.5, spanGaps: true, points: { show: true, size: 7 },
          value: function (u, v) { return fmt(v, 3); } }
      ],
      scales: { x: { time: false, range: unit }, y: { range: unit } },
      axes: [{ label: 'confidence' }, { label: 'accuracy', size: 60 }],
      legend: { live: true }
    }, [x, x.slice(), raw, cal], known(raw) || known(cal), 'waiting for the first labelled window');
  }

  function cell(row, text, numeric) {
    var td = document.createElement('td');
    td.textContent = text;
    if (numeric) { td.className = 'num'; }
    row.appendChild(td);
  }

  function emptyRow(body, columns, text) {
    var tr = document.createElement('tr');
    tr.className = 'none';
    var td = document.createElement('td');
    td.colSpan = columns;
    td.textContent = text;
    tr.appendChild(td);
    body.appendChild(tr);
  }

  function tables(d) {
    var body = document.querySelector('#current tbody');
    body.textContent = '';
    var series = d.current.series.slice().sort(order);
    series.forEach(function (s) {
      var w = s.time || s.count;
      var tr = document.createElement('tr');
      cell(tr, s.model); cell(tr, s.variant); cell(tr, s.stage.toLowerCase());
      cell(tr, w ? w.window : '–');
      cell(tr, fmt(w && w.ece, 4), true);
      cell(tr, w && w.eceLower != null ? '[' + fmt(w.eceLower, 4) + ', ' + fmt(w.eceUpper, 4) + ']' : '–', true);
      cell(tr, fmt(w && w.accuracy, 3), true);
      cell(tr, fmt(s.estimatedAccuracy, 3), true);
      cell(tr, w ? String(w.labelled) : '0', true);
      cell(tr, s.windowCalibratorVersion == null ? '–' : String(s.windowCalibratorVersion), true);
      body.appendChild(tr);
    });
    if (!series.length) { emptyRow(body, 10, 'waiting for the first labelled window'); }

    var parts = [];
    var versions = Object.keys(d.current.calibratorVersions);
    parts.push(versions.length
      ? 'calibrator version ' + versions.map(function (k) { return k + ' v' + d.current.calibratorVersions[k]; }).join(', ')
      : 'no calibrator version on calibration.models yet');
    parts.push(d.current.refits.length
      ? 'refits ' + d.current.refits.map(function (r) { return r.model + ' ' + r.outcome + ' ' + r.count; }).join(', ')
      : 'no refit seen yet');
    Object.keys(d.current.disagreement).forEach(function (m) {
      parts.push('FP32/INT4 disagreement ' + m + ' ' + fmt(d.current.disagreement[m], 3));
    });
    document.getElementById('summary').textContent = parts.join(' · ');

    var alerts = document.querySelector('#alerts tbody');
    alerts.textContent = '';
    d.current.alerts.forEach(function (a) {
      var tr = document.createElement('tr');
      tr.className = 'alert';
      cell(tr, a.model); cell(tr, a.variant); cell(tr, a.stage.toLowerCase()); cell(tr, a.metric);
      cell(tr, a.since == null ? '–' : new Date(a.since).toLocaleTimeString());
      alerts.appendChild(tr);
    });
    if (!d.current.alerts.length) { emptyRow(alerts, 5, 'No alert is raised.'); }
  }

  function render(d) {
    var h = d.history;
    var t = h.t;
    var keys = Object.keys(h.series).sort(function (a, b) { return order(h.series[a], h.series[b]); });
    var models = new Set(keys.map(function (k) { return h.series[k].model; })).size;
    var waitText = 'waiting for the first labelled window';
    document.getElementById('waiting').hidden = !d.waiting;

    timeChart('ece', 'ECE', fromZero, keys.map(function (k, i) {
      var s = h.series[k];
      var raw = s.stage === 'RAW';
      return { label: label(s, models), stroke: colour(s.variant, i), width: raw ? 1.5 : 2.5,
        dash: raw ? [6, 4] : undefined, values: s.ece, digits: 4 };
    }), t, waitText);

    reliability('FP32', d.current);
    reliability('INT4', d.current);

    var accuracy = [];
    keys.filter(function (k) { return h.series[k].stage === 'CALIBRATED'; }).forEach(function (k, i) {
      var s = h.series[k];
      var name = models > 1 ? s.model + ' ' + s.variant : s.variant;
      accuracy.push({ label: name + ' accuracy', stroke: colour(s.variant, i), width: 2.5, values: s.accuracy });
      accuracy.push({ label: name + ' estimated', stroke: colour(s.variant, i), width: 1.5, dash: [2, 3],
        values: s.estimatedAccuracy });
    });
    timeChart('accuracy', 'accuracy', unit, accuracy, t, waitText);

    timeChart('disagreement', 'share of documents', fromZero, Object.keys(h.disagreement).map(function (m, i) {
      return { label: models > 1 ? m : 'FP32 vs INT4', stroke: OTHER[i % OTHER.length], values: h.disagreement[m] };
    }), t, 'waiting for the first closed window with both variants');

    var stepped = uPlot.paths.stepped ? uPlot.paths.stepped({ align: 1 }) : undefined;
    var lines = Object.keys(h.calibratorVersion).map(function (m, i) {
      return { label: 'version ' + m, stroke: OTHER[i % OTHER.length], width: 2.5, paths: stepped,
        values: h.calibratorVersion[m], digits: 0 };
    }).concat(Object.keys(h.refits).map(function (o, i) {
      return { label: 'refits ' + o, stroke: OTHER[(i + 3) % OTHER.length], width: 1.5, dash: [5, 3],
        paths: stepped, values: h.refits[o], digits: 0 };
    }));
    timeChart('refits', 'version / refits', fromZero, lines, t, 'no calibrator on calibration.models yet');

    tables(d);
  }

  function status(text, error) {
    var el = document.getElementById('status');
    el.textContent = text;
    el.className = error ? 'status error' : 'status';
  }

  var delay = 3000;
  function poll() {
    fetch('/api/dashboard', { cache: 'no-store' }).then(function (r) {
      if (!r.ok) { throw new Error('HTTP ' + r.status); }
      return r.json();
    }).then(function (d) {
      state.data = d;
      render(d);
      state.polls++;
      delay = Math.max(1000, Math.min(5000, d.intervalMs));
      status('updated ' + new Date(d.at).toLocaleTimeString() + ' · ' + d.history.t.length + ' samples, one every '
        + (d.intervalMs / 1000) + ' s', false);
    }).catch(function (e) {
      state.errors++;
      state.lastError = String(e);
      status('cannot read the monitor (' + e.message + '); retrying', true);
    }).then(function () { setTimeout(poll, delay); });
  }

  window.addEventListener('resize', function () {
    Object.keys(state.charts).forEach(function (name) {
      var el = document.getElementById('chart-' + name);
      state.charts[name].setSize({ width: Math.max(280, el.clientWidth), height: HEIGHT });
    });
  });
  poll();
})();
