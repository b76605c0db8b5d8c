/* "Lees voor": read a page, a message or an invitation aloud with the browser's own speech
 * synthesis (Web Speech API). No external service: the text never leaves the phone.
 *
 * Markup (templates/_read_aloud.html):
 *   <button type="button" class="read-aloud" data-read-aloud="#main" data-label-stop="Stop" hidden>
 *     <svg aria-hidden="true">…</svg> <span class="read-aloud-label">Lees voor</span>
 *   </button>
 * data-read-aloud is a CSS selector of what to read. The buttons stay hidden when the browser has
 * no speech synthesis. Each piece of text is spoken in the language of its nearest [lang] (the
 * page's <html lang>, or a message's own language), with a matching voice when the phone has one;
 * otherwise the browser's default voice reads it. Pressing the button again (now "Stop") stops.
 */
(function () {
  "use strict";

  var synth = window.speechSynthesis;
  if (!synth || typeof window.SpeechSynthesisUtterance !== "function") {
    return; // the buttons stay hidden
  }

  // Not read: controls whose text is a list of options, decorative icons, the buttons themselves.
  var SKIP = "script, style, template, noscript, select, option, textarea, input, svg, " +
    "[aria-hidden='true'], [hidden], .read-aloud, [data-read-aloud-skip]";
  var BLOCK = /^(block|flex|grid|list-item|table|table-row|table-cell|flow-root)$/;
  var active = null; // the button that is speaking

  function languageOf(node) {
    var element = node.nodeType === 1 ? node : node.parentElement;
    var holder = element && element.closest("[lang]");
    return (holder && holder.getAttribute("lang")) || document.documentElement.lang || "nl";
  }

  function blockOf(element, root) {
    while (element && element !== root) {
      if (BLOCK.test(window.getComputedStyle(element).display)) {
        return element;
      }
      element = element.parentElement;
    }
    return root;
  }

  /* The text of `root` as pieces [{lang, text}]: one per paragraph-like block and language. */
  function piecesOf(root) {
    var pieces = [];
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        var parent = node.parentElement;
        if (!node.nodeValue.trim() || (parent && parent.closest(SKIP))) {
          return NodeFilter.FILTER_REJECT;
        }
        return NodeFilter.FILTER_ACCEPT;
      },
    });
    var last = null;
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      var lang = languageOf(node);
      var block = blockOf(node.parentElement, root);
      var text = node.nodeValue.replace(/\s+/g, " ");
      if (last && last.lang === lang && last.block === block) {
        last.text += text;
      } else {
        last = { lang: lang, block: block, text: text };
        pieces.push(last);
      }
    }
    return pieces
      .map(function (piece) { return { lang: piece.lang, text: piece.text.replace(/\s+/g, " ").trim() }; })
      .filter(function (piece) { return piece.text; });
  }

  function voiceFor(lang) {
    var voices = synth.getVoices() || [];
    var wanted = lang.toLowerCase();
    var base = wanted.split("-")[0];
    var exact = null;
    var close = null;
    for (var i = 0; i < voices.length; i++) {
      var voiceLang = (voices[i].lang || "").toLowerCase().replace("_", "-");
      if (voiceLang === wanted && !exact) {
        exact = voices[i];
      } else if (voiceLang.split("-")[0] === base && !close) {
        close = voices[i];
      }
    }
    return exact || close;
  }

  function setLabel(button, speaking) {
    var label = button.querySelector(".read-aloud-label");
    if (!button.dataset.labelStart) {
      button.dataset.labelStart = label.textContent;
    }
    label.textContent = speaking ? button.dataset.labelStop : button.dataset.labelStart;
    button.classList.toggle("is-speaking", speaking);
  }

  function stop() {
    if (active) {
      var button = active;
      active = null;
      setLabel(button, false);
    }
    // Only when something is queued: on some Android phones a cancel() right before speak()
    // swallows the first utterance.
    if (synth.speaking || synth.pending) {
      synth.cancel();
    }
  }

  function speak(button) {
    var target = document.querySelector(button.dataset.readAloud);
    var pieces = target ? piecesOf(target) : [];
    if (!pieces.length) {
      return;
    }
    active = button;
    setLabel(button, true);
    pieces.forEach(function (piece, index) {
      var utterance = new window.SpeechSynthesisUtterance(piece.text);
      utterance.lang = piece.lang;
      var voice = voiceFor(piece.lang);
      if (voice) {
        utterance.voice = voice;
      }
      if (index === pieces.length - 1) {
        utterance.onend = utterance.onerror = function () {
          if (active === button) {
            active = null;
            setLabel(button, false);
          }
        };
      }
      synth.speak(utterance);
    });
  }

  function toggle(event) {
    var button = event.currentTarget;
    var wasActive = active === button;
    stop();
    if (!wasActive) {
      speak(button);
    }
  }

  document.querySelectorAll("button.read-aloud").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", toggle);
  });
  // Leaving the page stops reading (Chrome would otherwise go on speaking on the next page).
  window.addEventListener("pagehide", function () { synth.cancel(); });
  // Chrome loads its voices late; asking once makes them ready for the first click.
  synth.getVoices();
})();
