// Selecting words in a chapter fills in the feedback form's paragraph and passage.
// The page works without this: the form has a paragraph list and a passage field.
(function () {
  "use strict";
  var text = document.getElementById("chapter-text");
  var form = document.getElementById("give-form");
  var bar = document.getElementById("selection-bar");
  if (!text || !form || !bar || text.dataset.selectable !== "1") { return; }
  var paragraph = form.querySelector("[name=paragraph]");
  var quote = form.querySelector("[name=quote]");
  var feedback = form.querySelector("[name=text]");
  var said = document.getElementById("selection-text");

  function paragraphOf(node) {
    var el = node && (node.nodeType === 1 ? node : node.parentElement);
    return el ? el.closest("[data-key]") : null;
  }

  function picked() {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) { return; }
    var range = selection.getRangeAt(0);
    var start = paragraphOf(range.startContainer);
    if (!start || start !== paragraphOf(range.endContainer) || !text.contains(start)) { return; }
    var words = selection.toString().replace(/\s+/g, " ").trim();
    if (!words) { return; }
    paragraph.value = start.dataset.key;
    quote.value = words;
    said.textContent = "\u201c" + (words.length > 80 ? words.slice(0, 79) + "\u2026" : words) + "\u201d";
    bar.hidden = false;
  }

  text.addEventListener("mouseup", picked);
  text.addEventListener("keyup", picked);
  document.getElementById("selection-button").addEventListener("click", function () {
    document.getElementById("give").scrollIntoView();
    feedback.focus();
  });
})();
