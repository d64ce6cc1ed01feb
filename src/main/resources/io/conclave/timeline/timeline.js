// Zoom, hover and details for the timeline. The SVG is laid out in Java for the whole recording; every piece
// on the time axis carries data-a (and data-b) in ms from the start, so zooming only moves pieces.
(function () {
  'use strict';
  var svg = document.getElementById('tl');
  var X0 = +svg.dataset.x0, PW = +svg.dataset.pw, TOTAL = +svg.dataset.total, CHAR = +svg.dataset.char;
  var events = JSON.parse(document.getElementById('events').textContent);
  var merges = JSON.parse(document.getElementById('merges').textContent);
  var faults = JSON.parse(document.getElementById('faults').textContent);
  var from = 0, to = TOTAL;
  // the times of every piece, read once: a long recording has tens of thousands
  function pieces(selector) {
    return Array.prototype.map.call(svg.querySelectorAll(selector), function (e) {
      var d = e.dataset;
      return {e: e, a: +d.a, b: d.b === undefined ? undefined : +d.b, w: +(d.w || 0), y: d.y, long: d.long, brief: d.brief,
              flabel: e.classList.contains('flabel'), shown: e.getAttribute('visibility') !== 'hidden'};
    });
  }
  var rects = pieces('rect[data-a]'), lines = pieces('line[data-a]'), texts = pieces('text[data-a]'), marks = pieces('path[data-a]');
  var ticks = document.getElementById('ticks'), NS = 'http://www.w3.org/2000/svg';
  var panel = document.getElementById('panel');

  // native tooltips would double the custom one: keep their text as data-h
  svg.querySelectorAll('title').forEach(function (t) { t.parentNode.setAttribute('data-h', t.textContent); t.remove(); });

  function sx(ms) { return X0 + (ms - from) / (to - from) * PW; }
  function clamp(x) { return Math.max(X0 - 20, Math.min(X0 + PW + 20, x)); }

  function layout() {
    var i, p, a, b, show;
    for (i = 0; i < rects.length; i++) {
      p = rects[i]; a = clamp(sx(p.a)); b = clamp(sx(p.b));
      p.e.setAttribute('x', a.toFixed(1)); p.e.setAttribute('width', Math.max(0.5, b - a).toFixed(1));
    }
    for (i = 0; i < lines.length; i++) {
      a = sx(lines[i].a).toFixed(1); lines[i].e.setAttribute('x1', a); lines[i].e.setAttribute('x2', a);
    }
    for (i = 0; i < marks.length; i++) {
      marks[i].e.setAttribute('transform', 'translate(' + sx(marks[i].a).toFixed(1) + ',' + marks[i].y + ')');
    }
    var rowEnd = [-1e9, -1e9, -1e9], mergeEnd = -1e9;
    for (i = 0; i < texts.length; i++) {
      p = texts[i]; a = sx(p.a);
      if (p.b !== undefined) {
        b = Math.min(sx(p.b), X0 + PW); var left = Math.max(a, X0);
        show = b - left > p.w + 6;
        if (p.brief !== undefined) {
          // the long label where it fits, else the brief one
          var brief = !show && b - left > p.brief.length * CHAR + 6;
          p.e.textContent = brief ? p.brief : p.long; show = show || brief;
        }
        if (show) { p.e.setAttribute('x', (left + 3).toFixed(1)); }
      } else if (p.flabel) {
        var row = 0; while (row < 3 && rowEnd[row] > a) { row++; }
        show = row < 3 && a >= X0 - p.w && a <= X0 + PW;
        if (show) { rowEnd[row] = a + p.w + 8; p.e.setAttribute('y', 16 + row * 14); }
        p.e.previousSibling.setAttribute('y1', 6 + Math.min(row, 2) * 14);
        place(p.e, a, p.w);
      } else {
        show = a > mergeEnd && a >= X0 - p.w && a <= X0 + PW;
        if (show) { mergeEnd = a + p.w + 8; }
        place(p.e, a, p.w);
      }
      if (show !== p.shown) { p.e.setAttribute('visibility', show ? 'visible' : 'hidden'); p.shown = show; }
    }
    drawTicks();
    document.getElementById('from').value = (from / 1000).toFixed(1);
    document.getElementById('to').value = (to / 1000).toFixed(1);
  }

  // a point label reads to the right of its line, or to the left where the plot ends
  function place(e, a, w) {
    var left = a + w + 3 > X0 + PW;
    e.setAttribute('text-anchor', left ? 'end' : 'start'); e.setAttribute('x', (left ? a - 3 : a + 3).toFixed(1));
  }

  function label(ms, step) {
    var s = ms / 1000, digits = step < 1000 ? (step < 100 ? 2 : 1) : 0;
    if (s < 120) { return s.toFixed(digits) + ' s'; }
    var m = Math.floor(s / 60); var rest = (s - m * 60).toFixed(digits);
    return m + ':' + (rest < 10 ? '0' : '') + rest;
  }

  function drawTicks() {
    while (ticks.firstChild) { ticks.removeChild(ticks.firstChild); }
    var raw = (to - from) / 10, p = Math.pow(10, Math.floor(Math.log10(raw)));
    var step = [1, 2, 5, 10].map(function (m) { return m * p; }).filter(function (s) { return s >= raw; })[0];
    var y0 = +svg.dataset.axis, y1 = +svg.dataset.bottom;
    for (var t = Math.ceil(from / step) * step; t <= to; t += step) {
      var g = document.createElementNS(NS, 'g'), l = document.createElementNS(NS, 'line'), tx = document.createElementNS(NS, 'text');
      var x = sx(t).toFixed(1);
      g.setAttribute('class', 'tick');
      l.setAttribute('x1', x); l.setAttribute('x2', x); l.setAttribute('y1', y0 + 4); l.setAttribute('y2', y1);
      tx.setAttribute('x', x); tx.setAttribute('y', y0); tx.setAttribute('text-anchor', sx(t) < X0 + 20 ? 'start' : 'middle'); tx.textContent = label(t, step);
      g.appendChild(l); g.appendChild(tx); ticks.appendChild(g);
    }
  }

  function zoom(a, b) {
    a = Math.max(0, a); b = Math.min(TOTAL, b);
    if (b - a < 5) { var mid = (a + b) / 2; a = Math.max(0, mid - 2.5); b = Math.min(TOTAL, mid + 2.5); }
    from = a; to = b; layout();
  }
  window.timelineZoom = zoom;

  function toMs(clientX) {
    var r = svg.getBoundingClientRect(), x = (clientX - r.left) * svg.viewBox.baseVal.width / r.width;
    return from + (x - X0) / PW * (to - from);
  }

  // drag across the plot to zoom into that range
  var sel = document.getElementById('sel'), dragStart = null;
  svg.addEventListener('mousedown', function (ev) { dragStart = toMs(ev.clientX); ev.preventDefault(); });
  window.addEventListener('mousemove', function (ev) {
    if (dragStart === null) { return; }
    var a = sx(Math.min(dragStart, toMs(ev.clientX))), b = sx(Math.max(dragStart, toMs(ev.clientX)));
    sel.setAttribute('x', a.toFixed(1)); sel.setAttribute('width', (b - a).toFixed(1));
  });
  window.addEventListener('mouseup', function (ev) {
    if (dragStart === null) { return; }
    var end = toMs(ev.clientX), a = Math.min(dragStart, end), b = Math.max(dragStart, end);
    dragStart = null; sel.setAttribute('width', 0);
    if ((b - a) / (to - from) > 0.01) { zoom(a, b); } else { show(ev.target); }
  });
  svg.addEventListener('wheel', function (ev) {
    if (!ev.ctrlKey && !ev.shiftKey) { return; }
    ev.preventDefault();
    var at = toMs(ev.clientX), k = ev.deltaY > 0 ? 1.4 : 1 / 1.4;
    zoom(at - (at - from) * k, at + (to - at) * k);
  }, {passive: false});
  document.getElementById('all').onclick = function () { zoom(0, TOTAL); };
  document.getElementById('out').onclick = function () { var w = to - from; zoom(from - w / 2, to + w / 2); };
  document.getElementById('left').onclick = function () { var w = to - from; zoom(Math.max(0, from - w / 2), Math.max(0, from - w / 2) + w); };
  document.getElementById('right').onclick = function () { var w = to - from; zoom(Math.min(TOTAL - w, from + w / 2), Math.min(TOTAL - w, from + w / 2) + w); };
  document.getElementById('range').onsubmit = function (ev) {
    ev.preventDefault(); zoom(+document.getElementById('from').value * 1000, +document.getElementById('to').value * 1000);
  };
  document.querySelectorAll('[data-zoom]').forEach(function (row) {
    row.onclick = function () {
      var r = row.dataset.zoom.split(','); zoom(+r[0], +r[1]);
      if (row.dataset.m !== undefined) { var pre = document.createElement('pre'); pre.textContent = merges[+row.dataset.m]; panel.replaceChildren(pre); }
      svg.scrollIntoView({block: 'nearest'});
    };
  });

  // hover: what it is, and the exact event behind it
  var tip = document.getElementById('tip');
  function holder(el) {
    while (el && el !== svg && !(el.dataset && (el.dataset.h || el.dataset.i))) { el = el.parentNode; }
    return el === svg ? null : el;
  }
  // one line a person reads, above the exact event
  function human(e) {
    var who = e.peer ? e.peer + ': ' : '';
    switch (e.type) {
      case 'view': return who + 'view ' + e.view + ' (' + (e.members || []).join(', ') + ')';
      case 'merge': return who + 'merge into ' + e.view + ', leader ' + (e.leader_before || 'none') + ' -> ' + (e.leader_after || 'none');
      case 'leader': return who + (e.leader ? 'follows ' + e.leader + ', epoch ' + e.epoch : 'no leader: ' + e.reason);
      case 'leadership': return who + (e.state === 'gained' ? 'leads, epoch ' + e.epoch : 'no longer leads (leader ' + (e.leader || 'none') + ')');
      case 'suspect': return who + 'suspects ' + e.member;
      case 'notice': return who + e.kind + ': ' + e.message;
      case 'fault': return 'lab: ' + e.action + ' ' + (e.peers || []).join(',') + ' ' + (e.detail || '');
      default: return who + e.type;
    }
  }
  function describe(el) {
    var text = el.dataset.h || '';
    if (el.dataset.i !== undefined && +el.dataset.i >= 0) {
      var e = events[+el.dataset.i];
      text += (text ? '\n' : '') + (el.dataset.h ? '' : human(e) + '\n') + JSON.stringify(e);
    }
    return text;
  }
  svg.addEventListener('mousemove', function (ev) {
    var el = holder(ev.target);
    if (!el || dragStart !== null) { tip.style.display = 'none'; return; }
    tip.textContent = describe(el); tip.style.display = 'block';
    var x = ev.clientX + 14, y = ev.clientY + 14;
    if (x + tip.offsetWidth > window.innerWidth) { x = ev.clientX - tip.offsetWidth - 10; }
    if (y + tip.offsetHeight > window.innerHeight) { y = ev.clientY - tip.offsetHeight - 10; }
    tip.style.left = x + 'px'; tip.style.top = y + 'px';
  });
  svg.addEventListener('mouseleave', function () { tip.style.display = 'none'; });

  // click: the details in the side panel (a merge shows its report)
  function show(target) {
    var el = holder(target);
    if (!el) { return; }
    var pre = document.createElement('pre');
    if (el.dataset.m !== undefined) { pre.textContent = merges[+el.dataset.m] + '\n\n' + JSON.stringify(events[+el.dataset.i]); }
    else if (el.dataset.f !== undefined) { pre.textContent = faults[+el.dataset.f] + '\n\n' + JSON.stringify(events[+el.dataset.i]); }
    else { pre.textContent = describe(el); }
    panel.replaceChildren(pre);
  }

  layout();
})();
