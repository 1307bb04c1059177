/* recsync report charts: draws each chart the page's JSON describes with uPlot (inlined above). */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var COLORS = ["#2563eb", "#16a34a", "#dc2626", "#9333ea", "#ea580c", "#0891b2", "#ca8a04", "#db2777"];

  function bytes(n) {
    if (n == null) return "";
    var units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"], i = 0, v = Math.abs(n);
    while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
    return (n < 0 ? "-" : "") + (i === 0 ? v.toFixed(0) : v.toFixed(1)) + " " + units[i];
  }
  function seconds(n) {
    if (n == null) return "";
    if (n < 60) return (Math.round(n * 10) / 10) + "s";
    if (n < 3600) return Math.floor(n / 60) + "m" + ("0" + Math.round(n % 60)).slice(-2) + "s";
    return Math.floor(n / 3600) + "h" + ("0" + Math.floor((n % 3600) / 60)).slice(-2) + "m";
  }
  function count(n) { return n == null ? "" : String(Math.round(n * 100) / 100); }
  var FORMAT = { bytes: bytes, seconds: seconds, count: count };
  var fmtDay = uPlot.fmtDate("{YYYY}-{MM}-{DD}");
  var fmtMinute = uPlot.fmtDate("{HH}:{mm}");
  var fmtSecond = uPlot.fmtDate("{HH}:{mm}:{ss}");
  function utc(ts) { return uPlot.tzDate(new Date(ts * 1e3), "Etc/UTC"); }

  function draw(spec) {
    var el = document.getElementById("chart-" + spec.id);
    if (!el) return;
    var fmt = FORMAT[spec.unit] || count;
    var width = Math.max(320, Math.min(680, el.clientWidth || 600));
    var bar = spec.kind === "bar";
    var xs = bar ? spec.labels.map(function (_, i) { return i; }) : spec.x;
    var series = [bar ? { label: spec.category || "", value: function (u, v) { return v == null ? "" : spec.labels[v]; } }
                      : { label: "time (UTC)", value: "{YYYY}-{MM}-{DD} {HH}:{mm}:{ss}" }];
    var rows = [xs];
    spec.series.forEach(function (s, i) {
      var color = COLORS[i % COLORS.length];
      var one = { label: s.label, stroke: color, width: 2, spanGaps: true, value: function (u, v) { return fmt(v); } };
      if (bar) {
        var wide = spec.series.length > 1 && i === 0;
        one.paths = uPlot.paths.bars({ size: [wide ? 0.7 : 0.4, 80] });
        one.fill = wide ? "#c7d7f5" : color;
        one.stroke = wide ? "#9db5e8" : color;
        one.points = { show: false };
      } else if (spec.style === "bars" && spec.series.length === 1) {
        one.paths = uPlot.paths.bars({ size: [0.6, 40] });
        one.fill = color + "99";
        one.points = { show: false };
      } else {
        one.points = { show: true, size: 6, fill: color };
      }
      series.push(one);
      rows.push(s.values);
    });
    var xAxis = bar ? {
      splits: function () { return xs; },
      values: function (u, splits) { return splits.map(function (i) { return spec.labels[i] == null ? "" : spec.labels[i]; }); },
      grid: { show: false }
    } : {
      // 24-hour UTC times, the date where the day changes: as the tables print them.
      values: function (u, splits, axisIdx, space, incr) {
        var lastDay = null;
        return splits.map(function (ts) {
          var d = utc(ts), day = fmtDay(d);
          if (incr >= 86400) return day;
          var t = incr < 60 ? fmtSecond(d) : fmtMinute(d);
          if (day !== lastDay) { lastDay = day; return t + "\n" + day; }
          return t;
        });
      }
    };
    var opts = {
      width: width,
      height: 260,
      series: series,
      scales: {
        x: bar ? { time: false, range: function () { return [-0.5, xs.length - 0.5]; } }
               : { time: true, range: function (u, min, max) {
                 // One run or one day: half a day either side (uPlot alone would show 1000 days).
                 if (xs.length === 1) return [xs[0] - 43200, xs[0] + 43200];
                 // All of it: a margin so the first and last points and bars show whole; a zoom: as asked.
                 if (min === xs[0] && max === xs[xs.length - 1]) {
                   var pad = (max - min) * 0.06;
                   return [min - pad, max + pad];
                 }
                 return [min, max];
               } },
        y: { range: function (u, min, max) { return [Math.min(0, min), max > 0 ? max * 1.1 : 1]; } }
      },
      axes: [xAxis, { size: 84, values: function (u, splits) { return splits.map(fmt); } }],
      legend: { show: true },
      // The tables say UTC; so do the charts.
      tzDate: utc,
      cursor: { drag: { x: !bar, y: false } }
    };
    charts[spec.id] = new uPlot(opts, rows, el);
    el.setAttribute("data-drawn", "1");
  }

  /** The charts by id, for a person's console (and tests). */
  var charts = window.recsyncCharts = {};
  data.charts.forEach(draw);
})();
