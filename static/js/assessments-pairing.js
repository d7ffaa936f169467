// Waiting page of the pairing: reload as soon as the server says both partners are done.
// Without a socket (or if it drops) nothing breaks: a manual refresh shows the same result.
(function () {
  "use strict";
  var box = document.querySelector("[data-pairing-socket]");
  if (!box || !("WebSocket" in window)) return;
  var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
  var attempts = 0;

  function connect() {
    var socket = new WebSocket(scheme + window.location.host + box.getAttribute("data-pairing-socket"));
    socket.addEventListener("open", function () { attempts = 0; });
    socket.addEventListener("message", function (event) {
      var data;
      try { data = JSON.parse(event.data); } catch (e) { return; }
      if (data.type === "pairing.revealed") window.location.reload();
    });
    socket.addEventListener("close", function (event) {
      // 4401: not logged in any more; do not keep trying.
      if (event.code === 4401 || attempts >= 5) return;
      attempts += 1;
      window.setTimeout(connect, 2000 * attempts);
    });
  }
  connect();
})();
