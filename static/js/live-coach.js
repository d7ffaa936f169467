// The coach's pacing page of a live session (docs/live-protocol.md, coach socket): per couple
// who is connected and which step they are on (never what they wrote), and the group controls.
(function () {
  "use strict";

  var root = document.getElementById("live-control");
  var configNode = document.getElementById("live-config");
  if (!root || !configNode || !("WebSocket" in window)) return;

  var CFG = JSON.parse(configNode.textContent);
  var S = JSON.parse(document.getElementById("live-strings").textContent);
  var LANG = CFG.language === "en" ? "en" : "nl";
  var CLOSE_FOR_GOOD = [4401, 4403, 4404];

  var connNode = root.querySelector("[data-conn]");
  var connDot = root.querySelector("[data-conn-dot]");
  var groupStepNode = root.querySelector("[data-group-step]");
  var stepsList = root.querySelector("[data-steps]");
  var advanceButton = root.querySelector("[data-advance]");
  var couplesBody = root.querySelector("[data-couples]");
  var joinedNode = root.querySelector("[data-joined]");
  var announceForm = root.querySelector("[data-announce-form]");
  var announcedNode = root.querySelector("[data-announced]");
  var timerForm = root.querySelector("[data-timer-form]");
  var timerLeftNode = root.querySelector("[data-timer-left]");
  var timerStop = root.querySelector("[data-timer-stop]");
  var endButton = root.querySelector("[data-end]");
  var errorsNode = root.querySelector("[data-errors]");

  var model = { session: null, couples: [], enrolled: 0 };
  var offsetMs = 0;
  var socket = null;
  var attempt = 0;
  var retryTimer = null;
  var pingTimer = null;
  var pingSentAt = 0;
  var sentAnnouncements = {};
  var counter = 0;

  function t(key, vars) {
    var text = S[key] || key;
    Object.keys(vars || {}).forEach(function (name) { text = text.split("{" + name + "}").join(String(vars[name])); });
    return text;
  }

  function h(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (attrs[name] === null || attrs[name] === undefined || attrs[name] === false) return;
      if (name === "text") node.textContent = attrs[name];
      else if (name === "class") node.className = attrs[name];
      else node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) {
      if (child) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function parseTime(iso) {
    return Date.parse(String(iso).replace(/(\.\d{3})\d+/, "$1"));
  }

  function clock(iso) {
    return new Date(parseTime(iso)).toLocaleTimeString(LANG === "en" ? "en-GB" : "nl-NL", { hour: "2-digit", minute: "2-digit" });
  }

  function newId() {
    counter += 1;
    return "coach" + Date.now().toString(36) + counter;
  }

  function send(message) {
    if (!socket || socket.readyState !== WebSocket.OPEN) return false;
    message.id = message.id || newId();
    socket.send(JSON.stringify(message));
    return message.id;
  }

  function showError(message) {
    errorsNode.textContent = message ? t("error") + " " + message : "";
  }

  // --- connection ---------------------------------------------------------------------------

  function setConnection(key) {
    connNode.textContent = t(key);
    connDot.className = "ex-dot ex-dot-" + (key === "connected" ? "on" : key === "disconnected" ? "off" : "wait");
    root.setAttribute("data-connection", key);
  }

  function connect() {
    retryTimer = null;
    setConnection(attempt ? "reconnecting" : "connecting");
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var ws = new WebSocket(scheme + window.location.host + CFG.ws_url);
    socket = ws;
    ws.addEventListener("open", function () {
      attempt = 0;
      setConnection("connected");
      ping();
      window.clearInterval(pingTimer);
      pingTimer = window.setInterval(ping, 20000);
    });
    ws.addEventListener("message", function (event) {
      if (socket !== ws) return;
      var data;
      try { data = JSON.parse(event.data); } catch (e) { return; }
      receive(data);
    });
    ws.addEventListener("close", function (event) {
      if (socket !== ws) return;
      socket = null;
      window.clearInterval(pingTimer);
      if (CLOSE_FOR_GOOD.indexOf(event.code) !== -1) { setConnection("disconnected"); return; }
      setConnection("reconnecting");
      var ceiling = Math.min(15000, 500 * Math.pow(2, attempt));
      attempt += 1;
      retryTimer = window.setTimeout(connect, ceiling / 2 + Math.random() * ceiling / 2);
    });
  }

  function ping() {
    pingSentAt = Date.now();
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: "ping" }));
  }

  function findCouple(runId) {
    for (var i = 0; i < model.couples.length; i++) if (model.couples[i].run_id === runId) return model.couples[i];
    return null;
  }

  function receive(data) {
    if (data.type === "snapshot") {
      model.session = data.session;
      model.couples = data.couples;
      model.enrolled = data.enrolled_couples;
      if (data.server_time) offsetMs = parseTime(data.server_time) - Date.now();
      render();
    } else if (data.type === "session") {
      var s = data.session;
      model.session.step_index = s.step_index;
      model.session.status = s.status;
      model.session.announcement = s.announcement;
      model.session.timer_ends_at = s.timer_ends_at;
      render();
    } else if (data.type === "couple" || data.type === "couple_presence") {
      var couple = findCouple(data.run_id);
      if (!couple) {
        // A couple that just joined: the snapshot brings their names.
        send({ type: "sync" });
        return;
      }
      if (data.type === "couple") couple.summary = data.summary;
      else couple.connected = Object.keys(data.presence || {}).map(Number);
      render();
    } else if (data.type === "ack") {
      if (sentAnnouncements[data.id]) {
        announcedNode.textContent = t("announced", { text: sentAnnouncements[data.id] });
        announceForm.querySelector("textarea").value = "";
      }
      showError("");
    } else if (data.type === "error") {
      showError(data.message);
    } else if (data.type === "pong") {
      var rtt = Date.now() - pingSentAt;
      offsetMs = parseTime(data.server_time) + rtt / 2 - Date.now();
    }
  }

  // --- rendering ----------------------------------------------------------------------------

  function statusLabel(summary) {
    if (summary.status === "done") return t("status_done");
    if (summary.status === "paused") return t("status_paused", { time: summary.pause_until ? clock(summary.pause_until) : "" });
    if (summary.held_by_coach) return t("status_held");
    return t("status_active");
  }

  function render() {
    var session = model.session;
    var total = CFG.steps.length;
    var step = CFG.steps[session.step_index];
    groupStepNode.textContent = t("group_step", { n: session.step_index + 1, total: total, label: step.label });
    Array.prototype.forEach.call(stepsList.children, function (item, index) {
      item.className = index <= session.step_index ? "is-open" : "";
    });
    var ended = session.status === "ended";
    if (advanceButton) {
      advanceButton.disabled = ended || session.step_index >= total - 1;
      advanceButton.title = session.step_index >= total - 1 ? t("last_step") : "";
    }
    if (ended) {
      root.setAttribute("data-ended", "yes");
      [announceForm, timerForm].forEach(function (form) { if (form) form.hidden = true; });
      if (endButton) endButton.closest(".panel").hidden = true;
      groupStepNode.textContent = t("ended");
    }
    joinedNode.textContent = t("joined", { n: model.couples.length, total: model.enrolled });
    couplesBody.replaceChildren();
    if (!model.couples.length) {
      couplesBody.appendChild(h("tr", {}, [h("td", { colspan: "4", class: "muted", text: t("no_couples") })]));
    }
    model.couples.forEach(function (couple) {
      var summary = couple.summary;
      var partners = couple.names.map(function (name, i) {
        var on = couple.connected.indexOf(couple.members[i]) !== -1;
        return h("span", { class: "badge" + (on ? " badge-ok" : ""), "data-connected": on ? "yes" : "no",
          text: t(on ? "partner_on" : "partner_off", { name: name }) });
      });
      var stepNumber = Math.min(summary.step_index + 1, summary.step_count);
      var kindLabel = summary.step_index < CFG.steps.length ? CFG.steps[summary.step_index].label : "";
      couplesBody.appendChild(h("tr", { "data-run": String(couple.run_id), "data-step-index": String(summary.step_index), "data-status": summary.held_by_coach ? "held" : summary.status }, [
        h("td", { text: couple.names.join(" & ") }),
        h("td", { class: "live-partners" }, partners),
        h("td", { text: t("step_of", { n: stepNumber, total: summary.step_count }) + (kindLabel && summary.status !== "done" ? " · " + kindLabel : "") }),
        h("td", { text: statusLabel(summary) }),
      ]));
    });
    tickTimer();
  }

  function tickTimer() {
    if (!model.session || !timerLeftNode) return;
    var ends = model.session.timer_ends_at;
    if (!ends || model.session.status === "ended") { timerLeftNode.textContent = t("timer_none"); return; }
    var left = Math.max(0, Math.round((parseTime(ends) - (Date.now() + offsetMs)) / 1000));
    var seconds = left % 60;
    timerLeftNode.textContent = t("timer_left", { time: Math.floor(left / 60) + ":" + (seconds < 10 ? "0" : "") + seconds });
  }

  // --- controls -----------------------------------------------------------------------------

  if (advanceButton) advanceButton.addEventListener("click", function () { send({ type: "advance" }); });
  if (announceForm) {
    announceForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = announceForm.querySelector("textarea").value;
      var id = send({ type: "announce", text: text });
      if (id) sentAnnouncements[id] = text.trim();
    });
  }
  if (timerForm) {
    timerForm.addEventListener("submit", function (event) {
      event.preventDefault();
      send({ type: "timer", minutes: parseInt(timerForm.querySelector("select").value, 10) });
    });
    timerStop.addEventListener("click", function () { send({ type: "timer", minutes: null }); });
  }
  if (endButton) {
    endButton.addEventListener("click", function () {
      if (window.confirm(t("end_confirm"))) send({ type: "end" });
    });
  }

  window.setInterval(tickTimer, 500);
  connect();
})();
