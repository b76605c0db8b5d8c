/* Live SMS length per textarea, mirroring messaging/library/sms.py (GSM 03.38).
   A textarea with data-sms-counter="ID" updates the element #ID: its [data-sms-length],
   [data-sms-segments], [data-sms-encoding] and [data-sms-per-segment] children. */
(function () {
  "use strict";
  var BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  var EXTENSION = "\f^{}\\[~]|€";

  /* Septets per character, or null if one is not in the GSM 03.38 alphabet. */
  function gsmCosts(text) {
    var costs = [];
    for (var char of text) {
      if (BASIC.indexOf(char) !== -1) { costs.push(1); }
      else if (EXTENSION.indexOf(char) !== -1) { costs.push(2); }
      else { return null; }
    }
    return costs;
  }

  /* UTF-16 code units per code point (for...of walks code points): a surrogate pair is 2. */
  function ucs2Costs(text) {
    var costs = [];
    for (var char of text) { costs.push(char.length); }
    return costs;
  }

  /* Segments of `room` units, filled in order; a character is never split over two. */
  function packed(costs, room) {
    var segments = 1, used = 0;
    costs.forEach(function (cost) {
      if (used + cost > room) { segments += 1; used = 0; }
      used += cost;
    });
    return segments;
  }

  function smsSegments(text) {
    var costs = gsmCosts(text);
    var encoding = "GSM-7", single = 160, split = 153;
    if (costs === null) {
      encoding = "UCS-2"; single = 70; split = 67;
      costs = ucs2Costs(text);
    }
    var length = costs.reduce(function (a, b) { return a + b; }, 0);
    if (length <= single) {
      return {encoding: encoding, length: length, segments: length ? 1 : 0, perSegment: single};
    }
    return {encoding: encoding, length: length, segments: packed(costs, split), perSegment: split};
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

  if (typeof document !== "undefined") {
    document.querySelectorAll("textarea[data-sms-counter]").forEach(function (textarea) {
      textarea.addEventListener("input", function () { show(textarea); });
      show(textarea);
    });
  }
  if (typeof window !== "undefined") { window.smsSegments = smsSegments; }
  if (typeof module !== "undefined" && module.exports) { module.exports = {smsSegments: smsSegments}; }
}());
