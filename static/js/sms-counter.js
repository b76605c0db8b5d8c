/* Live SMS length per textarea, mirroring messaging/library/sms.py (GSM 03.38).
   A textarea with data-sms-counter="ID" updates the element #ID: its [data-sms-length],
   [data-sms-segments], [data-sms-encoding] and [data-sms-per-segment] children. */
(function () {
  "use strict";
  var BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  var EXTENSION = "\f^{}\\[~]|€";

  function gsmLength(text) {
    var length = 0;
    for (var char of text) {
      if (BASIC.indexOf(char) !== -1) { length += 1; }
      else if (EXTENSION.indexOf(char) !== -1) { length += 2; }
      else { return null; }
    }
    return length;
  }

  function smsSegments(text) {
    var length = gsmLength(text);
    var encoding = "GSM-7", single = 160, split = 153;
    if (length === null) {
      encoding = "UCS-2"; single = 70; split = 67;
      length = text.length; /* JavaScript strings count UTF-16 code units */
    }
    if (length <= single) {
      return {encoding: encoding, length: length, segments: length ? 1 : 0, perSegment: single};
    }
    return {encoding: encoding, length: length, segments: Math.ceil(length / split), perSegment: split};
  }

  function show(textarea) {
    var output = document.getElementById(textarea.dataset.smsCounter);
    if (!output) { return; }
    /* Browsers send line breaks as CRLF but hold LF; the server stores LF, as counted here. */
    var info = smsSegments(textarea.value.trim());
    var set = function (name, value) {
      var el = output.querySelector("[data-sms-" + name + "]");
      if (el) { el.textContent = String(value); }
    };
    set("length", info.length);
    set("segments", info.segments);
    set("encoding", info.encoding);
    set("per-segment", info.perSegment);
  }

  document.querySelectorAll("textarea[data-sms-counter]").forEach(function (textarea) {
    textarea.addEventListener("input", function () { show(textarea); });
    show(textarea);
  });
  window.smsSegments = smsSegments;
}());
