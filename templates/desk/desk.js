// The desk's script (s55 serve): saves the form as the officer types, shows each save's
// problems beside their fields, and puts the letter beside the form. Without it the desk
// works all the same: the form posts and the page comes back. Nothing is fetched from
// anywhere but the desk itself.
(function () {
  'use strict';
  var side = document.getElementById('desk-side');
  if (side && side.dataset.letter && window.matchMedia('(min-width: 40rem)').matches) {
    var frame = document.createElement('iframe');
    frame.src = side.dataset.letter;
    frame.title = 'The letter as it stands';
    frame.id = 'desk-letter';
    side.appendChild(frame);
    side.hidden = false;
    document.body.classList.add('desk-with-letter');
  }
  // As GOV.UK's error summary: it takes the focus when the page comes back with problems,
  // and each of its links puts the focus in the field it names.
  var summary = document.querySelector('.desk-error-summary');
  if (summary) {
    summary.focus();
    summary.addEventListener('click', function (e) {
      var a = e.target.closest ? e.target.closest('a[href^="#"]') : null;
      var control = a && document.getElementById(a.getAttribute('href').slice(1));
      if (!control) { return; }
      e.preventDefault();
      var label = document.querySelector('label[for="' + control.id + '"]');
      (label || control).scrollIntoView();
      control.focus({ preventScroll: true });
    });
  }
  var form = document.getElementById('desk-form');
  var status = document.getElementById('desk-status');
  if (!form || !status || !window.fetch || !window.URLSearchParams) { return; }
  var timer = null;
  var busy = false;
  var again = false;

  function say(text) {
    status.textContent = '';
    var p = document.createElement('p');
    p.className = 'desk-banner';
    p.textContent = text;
    status.appendChild(p);
  }

  function show(problems) {
    var boxes = form.querySelectorAll('[data-desk-problems]');
    for (var i = 0; i < boxes.length; i++) {
      boxes[i].textContent = '';
      boxes[i].hidden = true;
      boxes[i].parentNode.classList.remove('desk-field-error');
      var c = document.getElementById(boxes[i].id.replace(/-problems$/, ''));
      if (c) { c.removeAttribute('aria-invalid'); }
    }
    (problems || []).forEach(function (p) {
      if (!p.id || !p.error) { return; }
      var box = document.getElementById(p.id + '-problems');
      var control = document.getElementById(p.id);
      if (!box) { return; }
      if (box.textContent) { box.appendChild(document.createElement('br')); }
      box.appendChild(document.createTextNode(p.message));
      box.hidden = false;
      box.parentNode.classList.add('desk-field-error');
      if (control) { control.setAttribute('aria-invalid', 'true'); }
    });
  }

  function save() {
    if (busy) { again = true; return; }
    busy = true;
    var body = new URLSearchParams(new FormData(form));
    body.set('js', '1');
    fetch(form.action, { method: 'POST', body: body, credentials: 'same-origin' })
      .then(function (r) { return r.json(); })
      .then(function (j) {
        if (j.saved && j.version) { form.elements.version.value = j.version; }
        say(j.message || '');
        show(j.problems);
      })
      .catch(function () { say('Not saved: the desk did not answer. Is s55 serve still running?'); })
      .then(function () {
        busy = false;
        if (again) { again = false; save(); }
      });
  }

  form.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(save, 1000);
  });
  form.addEventListener('change', function (e) {
    if (e.target && e.target.tagName === 'SELECT') { clearTimeout(timer); save(); }
  });
}());
