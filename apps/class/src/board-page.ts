import type { ClassTexts } from './class-texts.js';

/**
 * The board's one page: plain HTML, a little CSS and one inline script — no
 * build step, no framework, works on a phone. The script asks `/api/state`
 * twice a second and draws it with `textContent` only: whatever a student
 * sent (a name with `<script>`, `|`, backticks, U+202E) is shown as text.
 * The page's words come from the catalogue as JSON; the nonce lets only this
 * script run (Content-Security-Policy).
 */
export function boardPage(lang: string, words: ClassTexts['board'], nonce: string): string {
  // JSON in a script: `<` escaped so no text can close the script element.
  const json = JSON.stringify(words).replace(/</g, '\\u003c');
  const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="${esc(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(words.title)}</title>
<style nonce="${nonce}">
body { font-family: system-ui, sans-serif; margin: 0 auto; max-width: 1100px; padding: 8px; }
h1 { font-size: 1.3em; margin: .3em 0; }
h2 { font-size: 1.1em; margin: 1em 0 .3em; }
table { border-collapse: collapse; width: 100%; }
td, th { border-bottom: 1px solid #ddd; padding: 4px; text-align: left; vertical-align: middle; font-size: .9em; }
td.name { unicode-bidi: isolate; word-break: break-word; }
.bar { position: relative; height: 14px; background: #f3f3f3; min-width: 120px; }
.bar span { position: absolute; top: 0; height: 100%; }
.q { background: #f4c542; } .s { background: #9cc3e6; } .w { background: #2b6cb0; }
.warn { background: #fff3cd; border: 1px solid #e0b000; padding: 6px; margin: 6px 0; }
.ok { background: #e6ffed; border: 1px solid #2f855a; padding: 6px; margin: 6px 0; }
.hidden { display: none; }
#owner { border: 1px dashed #888; padding: 6px; margin: 6px 0; }
code, pre { white-space: pre-wrap; word-break: break-all; }
#live { float: right; font-size: .8em; color: #2f855a; }
#live.off { color: #c53030; }
form label { display: block; margin: 4px 0; }
</style>
</head>
<body>
<span id="live"></span>
<h1 id="title"></h1>
<p id="round"></p>
<ol id="rounds"></ol>
<div id="warn" class="warn hidden"></div>
<div id="met" class="ok hidden"></div>
<div id="owner" class="hidden">
  <strong id="owner-title"></strong>
  <p><span id="code-label"></span>: <code id="code"></code></p>
  <p><span id="command-label"></span>:</p>
  <pre id="commands"></pre>
  <button id="next" type="button"></button> <button id="end" type="button"></button>
  <p id="owner-result"></p>
</div>
<table id="rows"><thead><tr id="head"></tr></thead><tbody></tbody></table>
<p id="no-clients" class="hidden"></p>
<h2 id="uploads-title"></h2>
<ul id="uploads"></ul>
<h2 id="upload-title"></h2>
<form id="upload">
  <label><span id="code-field-label"></span> <input id="code-field" name="code" autocomplete="off" required></label>
  <label><span id="file-label"></span> <input id="file" name="file" type="file" required></label>
  <button id="send" type="submit"></button>
  <p id="upload-result" role="status"></p>
</form>
<h2 id="report-title"></h2>
<label><span id="report-for"></span> <select id="student"></select></label>
<p id="links"></p>
<script nonce="${nonce}">
(function () {
  'use strict';
  var W = ${json};
  var params = new URLSearchParams(location.search);
  if (params.get('key')) sessionStorage.setItem('ownerKey', params.get('key'));
  var ownerKey = sessionStorage.getItem('ownerKey') || '';
  var $ = function (id) { return document.getElementById(id); };
  var text = function (id, s) { $(id).textContent = s; };
  var el = function (tag, s, cls) { var e = document.createElement(tag); if (s !== undefined) e.textContent = s; if (cls) e.className = cls; return e; };
  var headers = function () { var h = {}; if (ownerKey) h['X-Owner-Key'] = ownerKey; return h; };
  text('title', W.title); document.title = W.title;
  W.head.forEach(function (h) { $('head').appendChild(el('th', h)); });
  text('uploads-title', W.uploads); text('upload-title', W.uploadTitle); text('code-field-label', W.codeLabel);
  text('file-label', W.fileLabel); text('send', W.send); text('report-title', W.report); text('report-for', W.reportFor);
  text('owner-title', W.controls); text('next', W.next); text('end', W.end); text('code-label', W.code); text('command-label', W.command);
  var shownStudents = '';
  function bar(row, t0, now) {
    var b = el('div', undefined, 'bar');
    var span = Math.max(1, now - t0);
    var seg = function (from, to, cls) {
      var s = el('span', undefined, cls);
      s.style.left = (100 * (from - t0) / span) + '%';
      s.style.width = Math.max(0.5, 100 * (to - from) / span) + '%';
      b.appendChild(s);
    };
    var stop = row.disconnected !== undefined && row.disconnected !== null ? row.disconnected : now;
    var served = row.served !== undefined && row.served !== null ? row.served : row.arrived;
    if (row.state === 'queued') seg(row.arrived, now, 'q');
    else { if (served > row.arrived) seg(row.arrived, served, 'q'); seg(served, stop, 's'); }
    row.requests.forEach(function (q) { seg(q.received, q.sent || stop, 'w'); });
    return b;
  }
  function draw(s) {
    var r = s.round;
    var line = r ? W.round + ' ' + r.index + ' ' + W.of + ' ' + r.total + ': ' + r.app + ' — ' + W.status[r.status] + (r.error ? ' (' + r.error + ')' : '') : W.noRound;
    if (s.phase === 'after') line = W.afterRounds;
    if (s.phase === 'ended') line = W.ended;
    text('round', line);
    var ol = $('rounds'); ol.textContent = '';
    s.rounds.forEach(function (x) {
      var done = x.status === 'done' || x.status === 'running' || x.status === 'stopping';
      ol.appendChild(el('li', x.app + ' — ' + W.status[x.status] + (done ? ' — ' + (x.met ? W.metShort : W.notMetShort) : '')));
    });
    var running = r && r.status === 'running' && s.phase === 'rounds';
    $('warn').classList.toggle('hidden', !(running && s.rows.length > 0 && !s.condition.met));
    text('warn', W.warnNoOverlap);
    $('met').classList.toggle('hidden', !(r && s.condition.met));
    text('met', W.conditionMet);
    $('no-clients').classList.toggle('hidden', !(running && s.rows.length === 0));
    text('no-clients', W.noClients);
    var body = $('rows').tBodies[0];
    var fresh = document.createElement('tbody');
    var t0 = s.rows.reduce(function (m, x) { return Math.min(m, x.arrived); }, s.now);
    s.rows.forEach(function (row) {
      var tr = el('tr', undefined, 'row');
      tr.dataset.state = row.state;
      tr.appendChild(el('td', row.peer, 'peer'));
      tr.appendChild(el('td', row.name, 'name'));
      var st = W.state[row.state] + (row.state === 'disconnected' && row.reason ? ' (' + W.why + ': ' + row.reason + ')' : '');
      tr.appendChild(el('td', st, 'state'));
      var cell = el('td'); cell.appendChild(bar(row, t0, s.now)); tr.appendChild(cell);
      fresh.appendChild(tr);
    });
    body.replaceWith(fresh);
    var ul = $('uploads'); ul.textContent = '';
    if (s.uploads.length === 0) ul.appendChild(el('li', W.noUploads));
    s.uploads.forEach(function (u) {
      ul.appendChild(el('li', u.file + ' — ' + u.shownName + ' (' + u.client + ', ' + (u.kind === 'kit' ? W.kit : W.other) + ')', 'upload'));
    });
    var names = JSON.stringify(s.participants);
    if (names !== shownStudents) {
      shownStudents = names;
      var sel = $('student'); var was = sel.value; sel.textContent = '';
      sel.appendChild(el('option', W.nobody)).value = '';
      s.participants.forEach(function (p) { var o = el('option', p); o.value = p; sel.appendChild(o); });
      sel.value = was;
      links();
    }
    $('owner').classList.toggle('hidden', !s.owner);
    if (s.owner) { text('code', s.code || ''); text('commands', (s.commands || []).join('\\n')); }
  }
  function links() {
    var p = $('links'); p.textContent = '';
    var who = $('student').value;
    ['report.html', 'report.md', 'report.docx'].forEach(function (f) {
      var a = el('a', f); a.href = '/report/' + f + (who ? '?student=' + encodeURIComponent(who) : ''); a.setAttribute('download', f);
      p.appendChild(a); p.appendChild(document.createTextNode(' '));
    });
  }
  $('student').addEventListener('change', links);
  links();
  function poll() {
    fetch('/api/state', { headers: headers(), cache: 'no-store' })
      .then(function (r) { return r.json(); })
      .then(function (s) { draw(s); text('live', W.live); $('live').className = ''; })
      .catch(function () { text('live', W.offline); $('live').className = 'off'; })
      .then(function () { setTimeout(poll, 500); });
  }
  poll();
  $('upload').addEventListener('submit', function (e) {
    e.preventDefault();
    var f = $('file').files[0]; if (!f) return;
    text('upload-result', W.sending);
    fetch('/api/uploads', {
      method: 'POST', body: f,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Session-Code': $('code-field').value.trim(), 'X-Client': 'other', 'X-File-Name': encodeURIComponent(f.name) }
    }).then(function (r) { return r.json(); })
      .then(function (j) { text('upload-result', j.message); })
      .catch(function () { text('upload-result', W.networkError); });
  });
  var control = function (what) {
    fetch('/api/' + what, { method: 'POST', headers: headers() })
      .then(function (r) { return r.json(); })
      .then(function (j) { text('owner-result', j.message || ''); })
      .catch(function () { text('owner-result', W.networkError); });
  };
  $('next').addEventListener('click', function () { control('next'); });
  $('end').addEventListener('click', function () { control('end'); });
})();
</script>
</body>
</html>
`;
}
