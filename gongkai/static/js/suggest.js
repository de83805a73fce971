// Suggestions under the portal's search box (popular queries, titles, 发文字号). Without this script the
// box is an ordinary form field and still submits: suggestions only add <option>s to its <datalist>.
(function () {
  "use strict";
  var box = document.getElementById("site-q");
  var list = document.getElementById("site-q-list");
  if (!box || !list || !window.fetch) { return; }
  var timer = null;
  var last = "";
  box.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var typed = box.value.trim();
      if (!typed || typed === last) { return; }
      last = typed;
      fetch(box.getAttribute("data-suggest") + "?q=" + encodeURIComponent(typed), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) {
          if (data.q !== box.value.trim()) { return; }  // the person typed on meanwhile
          list.textContent = "";
          data.suggestions.forEach(function (item) {
            var option = document.createElement("option");
            option.value = item.text;
            option.label = item.kind;
            list.appendChild(option);
          });
        })
        .catch(function () { /* no suggestions: the box still works */ });
    }, 150);
  });
}());
