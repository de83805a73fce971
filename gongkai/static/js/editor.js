/* 正文编辑器: a small rich-text editor for a document's body, served from the project's own files.
 *
 * It enhances a <textarea data-editor>: the textarea stays the form field (and the fallback without
 * JavaScript); the editor writes clean HTML into it on every change. The server cleans it again
 * (nh3, gongkai/lib/html.py) — this file only keeps what a drafter means: paragraphs, headings
 * (一、 / （一） / 1.), bold, lists, tables, links, images from the item's attachments, right-aligned
 * lines (落款). Pasting from Word or WPS keeps paragraphs, headings, lists and tables and drops every
 * style; pasted plain text becomes paragraphs.
 */
(function () {
  "use strict";

  var KEEP = { P: 1, H2: 1, H3: 1, H4: 1, STRONG: 1, B: 1, EM: 1, I: 1, U: 1, UL: 1, OL: 1, LI: 1, BR: 1,
    TABLE: 1, THEAD: 1, TBODY: 1, TR: 1, TD: 1, TH: 1, A: 1, IMG: 1, SUP: 1, SUB: 1, BLOCKQUOTE: 1 };
  var DROP = { SCRIPT: 1, STYLE: 1, META: 1, LINK: 1, TITLE: 1, HEAD: 1, XML: 1, OBJECT: 1, IFRAME: 1 };
  var RENAME = { H1: "H2", H5: "H4", H6: "H4", DIV: "P", SECTION: "P", ARTICLE: "P" };

  function escapeText(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  /* Plain text → paragraphs: one per non-empty line. */
  function textToHtml(text) {
    return text.replace(/\r\n?/g, "\n").split("\n").map(function (line) { return line.trim(); })
      .filter(Boolean).map(function (line) { return "<p>" + escapeText(line) + "</p>"; }).join("");
  }

  /* Copy ``source``'s children into ``target``, keeping only the structure we allow. */
  function cleanInto(source, target, doc) {
    Array.prototype.forEach.call(source.childNodes, function (node) {
      if (node.nodeType === 3) { target.appendChild(doc.createTextNode(node.nodeValue.replace(/\u00a0/g, " "))); return; }
      if (node.nodeType !== 1) { return; }
      var tag = node.tagName.toUpperCase().replace(/^O:/, "");
      if (DROP[tag] || node.tagName.indexOf(":") > 0) { return; }
      tag = RENAME[tag] || tag;
      // Word marks its list paragraphs with classes, not <li>: keep them as paragraphs
      if (!KEEP[tag]) { cleanInto(node, target, doc); return; }
      var copy = doc.createElement(tag);
      if (tag === "A" && /^(https?:|mailto:)/i.test(node.getAttribute("href") || "")) { copy.setAttribute("href", node.getAttribute("href")); }
      if (tag === "IMG") {
        var src = node.getAttribute("src") || "";
        if (!/^\/documents\//.test(src) && !/^\/workspace\//.test(src)) { return; }  // only our own attachments
        copy.setAttribute("src", src);
        copy.setAttribute("alt", node.getAttribute("alt") || "");
      }
      if ((tag === "TD" || tag === "TH")) {
        ["colspan", "rowspan"].forEach(function (a) { if (node.getAttribute(a)) { copy.setAttribute(a, node.getAttribute(a)); } });
      }
      if (tag === "P" && /right/i.test((node.getAttribute("style") || "") + (node.getAttribute("align") || ""))) {
        copy.setAttribute("style", "text-align: right");
      }
      cleanInto(node, copy, doc);
      if (tag === "P" && !copy.textContent.trim() && !copy.querySelector("img")) { return; }  // Word's empty paragraphs
      target.appendChild(copy);
    });
  }

  function cleanHtml(html) {
    var parsed = new DOMParser().parseFromString(html, "text/html");
    var out = document.createElement("div");
    cleanInto(parsed.body, out, document);
    // loose text at the top level becomes a paragraph
    Array.prototype.slice.call(out.childNodes).forEach(function (node) {
      if (node.nodeType === 3 && node.nodeValue.trim()) {
        var p = document.createElement("p");
        p.textContent = node.nodeValue.trim();
        out.replaceChild(p, node);
      } else if (node.nodeType === 3) {
        out.removeChild(node);
      }
    });
    return out.innerHTML;
  }

  function button(label, title, action) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.title = title;
    b.setAttribute("aria-label", title);
    b.addEventListener("mousedown", function (e) { e.preventDefault(); });  // keep the selection
    b.addEventListener("click", action);
    return b;
  }

  function enhance(textarea) {
    var area = document.createElement("div");
    area.className = "editor-area doc-body";
    area.contentEditable = "true";
    area.setAttribute("role", "textbox");
    area.setAttribute("aria-multiline", "true");
    area.setAttribute("aria-label", textarea.getAttribute("data-editor-label") || "正文");
    area.dataset.testid = "body-editor";
    var start = textarea.value.trim();
    area.innerHTML = start ? (/<[a-z][\s\S]*>/i.test(start) ? cleanHtml(start) : textToHtml(start)) : "<p><br></p>";

    function sync() { textarea.value = cleanHtml(area.innerHTML); }
    function run(command, value) { area.focus(); document.execCommand(command, false, value || null); sync(); }

    var bar = document.createElement("div");
    bar.className = "editor-toolbar";
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", "正文格式");
    bar.appendChild(button("正文", "段落", function () { run("formatBlock", "P"); }));
    bar.appendChild(button("一、", "一级标题（一、）", function () { run("formatBlock", "H2"); }));
    bar.appendChild(button("（一）", "二级标题（（一））", function () { run("formatBlock", "H3"); }));
    bar.appendChild(button("1.", "三级标题（1.）", function () { run("formatBlock", "H4"); }));
    bar.appendChild(button("B", "加粗", function () { run("bold"); }));
    bar.appendChild(button("• 列表", "项目列表", function () { run("insertUnorderedList"); }));
    bar.appendChild(button("1. 列表", "编号列表", function () { run("insertOrderedList"); }));
    bar.appendChild(button("表格", "插入表格（2 行 3 列）", function () {
      run("insertHTML", "<table><tbody><tr><td>&nbsp;</td><td>&nbsp;</td><td>&nbsp;</td></tr><tr><td>&nbsp;</td><td>&nbsp;</td><td>&nbsp;</td></tr></tbody></table><p><br></p>");
    }));
    bar.appendChild(button("链接", "插入链接", function () {
      var url = window.prompt("链接地址（http:// 或 https:// 开头）", "https://");
      if (url && /^(https?:\/\/|mailto:)/i.test(url)) { run("createLink", url); }
    }));
    bar.appendChild(button("落款", "右对齐（落款、成文日期）", function () { run("justifyRight"); }));
    bar.appendChild(button("清除格式", "清除格式", function () { run("removeFormat"); run("formatBlock", "P"); }));
    var images = JSON.parse(textarea.getAttribute("data-editor-images") || "[]");
    if (images.length) {
      var select = document.createElement("select");
      select.setAttribute("aria-label", "插入附件中的图片");
      select.innerHTML = "<option value=''>插入图片…</option>" + images.map(function (img) {
        return "<option value='" + escapeText(img.url) + "'>" + escapeText(img.name) + "</option>";
      }).join("");
      select.addEventListener("change", function () {
        if (select.value) { run("insertHTML", "<img src='" + select.value + "' alt='" + escapeText(select.options[select.selectedIndex].text) + "'>"); }
        select.value = "";
      });
      bar.appendChild(select);
    }

    area.addEventListener("paste", function (event) {
      var data = event.clipboardData;
      if (!data) { return; }
      event.preventDefault();
      var html = data.getData("text/html");
      var cleaned = html ? cleanHtml(html) : textToHtml(data.getData("text/plain"));
      document.execCommand("insertHTML", false, cleaned);
      sync();
    });
    area.addEventListener("input", sync);
    area.addEventListener("blur", sync);
    if (textarea.form) { textarea.form.addEventListener("submit", sync); }

    textarea.hidden = true;
    textarea.setAttribute("aria-hidden", "true");
    var label = document.querySelector("label[for='" + textarea.id + "']");
    if (label) { label.textContent = "正文"; label.removeAttribute("for"); label.id = textarea.id + "_editor_label"; area.setAttribute("aria-labelledby", label.id); }
    textarea.parentNode.insertBefore(bar, textarea);
    textarea.parentNode.insertBefore(area, textarea);
    document.execCommand("defaultParagraphSeparator", false, "p");
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("textarea[data-editor]"), enhance);
  });
  window.GongkaiEditor = { cleanHtml: cleanHtml, textToHtml: textToHtml };
})();
