// While a citizen writes a message, list knowledge-base answers that may already answer it. Without this
// script the form still works: the "先查一查" button shows the same answers from the server.
(function () {
  "use strict";
  var form = document.getElementById("ask-form");
  var list = document.getElementById("kb-suggestions");
  if (!form || !list || !window.fetch) { return; }
  var subject = form.querySelector("[name=subject]");
  var text = form.querySelector("[name=text]");
  var seen = form.querySelector("[name=kb_seen]");
  var timer = null;
  var last = "";
  function look() {
    var typed = (subject.value + " " + text.value.slice(0, 120)).trim();
    if (typed.length < 2 || typed === last) { return; }
    last = typed;
    fetch(list.getAttribute("data-suggest") + "?q=" + encodeURIComponent(typed), { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { answers: [] }; })
      .then(function (data) {
        list.textContent = "";
        data.answers.forEach(function (item) {
          var li = document.createElement("li");
          var a = document.createElement("a");
          a.href = item.url;
          a.textContent = item.question;
          a.target = "_blank";
          li.appendChild(a);
          list.appendChild(li);
        });
        list.parentNode.hidden = data.answers.length === 0;
        if (data.answers.length && seen) { seen.value = "True"; }
      })
      .catch(function () { /* no suggestions: the form still works */ });
  }
  [subject, text].forEach(function (box) {
    if (box) { box.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(look, 300); }); }
  });
}());
