// The live shared exercise page: one socket to the couple's run (docs/live-protocol.md).
// The server holds the state; this script renders it, sends actions with client ids, keeps
// unacknowledged actions and unsent text in localStorage, and reconnects with backoff.
(function () {
  "use strict";

  var root = document.getElementById("exercise");
  var configNode = document.getElementById("exercise-config");
  if (!root || !configNode || !("WebSocket" in window)) return;

  var CFG = JSON.parse(configNode.textContent);
  var S = JSON.parse(document.getElementById("exercise-strings").textContent);
  var KINDS = JSON.parse(document.getElementById("exercise-kinds").textContent);
  var LANG = CFG.language === "en" ? "en" : "nl";
  var ME = CFG.user_id;
  var PREFIX = "dvda.exercise." + CFG.run_id + ".";
  var CLOSE_FOR_GOOD = [4401, 4403, 4404];
  var PING_MS = 20000;
  var reducedMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  var connNode = root.querySelector("[data-conn]");
  var connDot = root.querySelector("[data-conn-dot]");
  var partnerNode = root.querySelector("[data-partner]");
  var partnerDot = root.querySelector("[data-partner-dot]");
  var sessionBox = root.querySelector("[data-session]");
  var announcementNode = root.querySelector("[data-announcement]");
  var timerNode = root.querySelector("[data-timer]");
  var progressNode = root.querySelector("[data-progress]");
  var stepBox = root.querySelector("[data-step]");
  var errorsNode = root.querySelector("[data-errors]");
  var pauseArea = root.querySelector("[data-pause-area]");

  var model = { definition: null, state: null, seq: -1, presence: {}, session: null, limit: null, members: CFG.members };
  var offsetMs = 0;
  var bestRtt = Infinity;
  var socket = null;
  var attempt = 0;
  var retryTimer = null;
  var pingTimer = null;
  var pingSentAt = 0;
  var lastKey = null;
  var lastStepIndex = null;
  var lastPauseKey = null;
  var pauseOpen = false;
  var breathFrame = null;
  var breathSpoken = "";
  var syncing = false;

  // --- small helpers ------------------------------------------------------------------------

  function t(key, vars) {
    var text = S[key] || key;
    if (vars) {
      Object.keys(vars).forEach(function (name) {
        text = text.split("{" + name + "}").join(String(vars[name]));
      });
    }
    return text;
  }

  function h(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === null || value === undefined || value === false) return;
      if (name === "text") node.textContent = value;
      else if (name === "class") node.className = value;
      else if (name.indexOf("on") === 0) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? "" : value);
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined || child === false) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function parseTime(iso) {
    // Python's isoformat has microseconds; keep milliseconds so every browser parses it.
    return Date.parse(String(iso).replace(/(\.\d{3})\d+/, "$1"));
  }

  function serverNow() {
    return Date.now() + offsetMs;
  }

  function clock(iso) {
    var date = new Date(parseTime(iso));
    var options = { hour: "2-digit", minute: "2-digit" };
    if (new Date().toDateString() !== date.toDateString()) options.weekday = "long";
    return date.toLocaleString(LANG === "en" ? "en-GB" : "nl-NL", options);
  }

  function store(key, value) {
    try {
      if (value === null) window.localStorage.removeItem(PREFIX + key);
      else window.localStorage.setItem(PREFIX + key, JSON.stringify(value));
    } catch (e) { /* private mode or full: the page still works, only without the safety net */ }
  }

  function load(key, fallback) {
    try {
      var raw = window.localStorage.getItem(PREFIX + key);
      return raw === null ? fallback : JSON.parse(raw);
    } catch (e) {
      return fallback;
    }
  }

  function newId() {
    var bytes = new Uint8Array(12);
    window.crypto.getRandomValues(bytes);
    return "m" + Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function partnerId() {
    var ids = model.state ? model.state.members : model.members.map(function (m) { return m.id; });
    return ids[0] === ME ? ids[1] : ids[0];
  }

  function nameOf(id) {
    for (var i = 0; i < model.members.length; i++) if (model.members[i].id === id) return model.members[i].name;
    return "";
  }

  function tr(obj, field) {
    return obj[field + "_" + LANG] || obj[field + "_nl"] || "";
  }

  function paragraphs(text) {
    return String(text).trim().split(/\n\s*\n/).map(function (part) {
      return h("p", { text: part.replace(/\s*\n\s*/g, " ") });
    });
  }

  // --- drafts and unacknowledged actions (both survive a reload) -----------------------------

  function draftKey(stepId, field) {
    return "draft." + stepId + "." + field;
  }

  function draftInput(stepId, field, node) {
    var saved = load(draftKey(stepId, field), "");
    if (typeof saved === "string" && saved) node.value = saved;
    node.addEventListener("input", function () {
      store(draftKey(stepId, field), node.value || null);
    });
    return node;
  }

  var pending = load("pending", []);
  if (!Array.isArray(pending)) pending = [];

  function savePending() {
    store("pending", pending.length ? pending : null);
  }

  function transmit(message) {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  }

  function act(action, payload, drafts) {
    var message = { type: "action", id: newId(), action: action, payload: payload || {} };
    pending.push({ message: message, drafts: drafts || [] });
    savePending();
    showError("");
    transmit(message);
    render();
  }

  function settle(id, applied) {
    var rest = [];
    pending.forEach(function (entry) {
      if (entry.message.id !== id) { rest.push(entry); return; }
      // Text is forgotten only once the server has it; a refused action keeps it for another try.
      if (applied) entry.drafts.forEach(function (key) { store(key, null); });
    });
    pending = rest;
    savePending();
  }

  function busy() {
    return pending.length > 0;
  }

  // --- connection ---------------------------------------------------------------------------

  function setConnection(key) {
    connNode.textContent = t(key);
    connDot.className = "ex-dot ex-dot-" + (key === "connected" ? "on" : key === "disconnected" ? "off" : "wait");
    root.setAttribute("data-connection", key);
  }

  function connect() {
    window.clearTimeout(retryTimer);
    retryTimer = null;
    setConnection(attempt ? "reconnecting" : "connecting");
    syncing = false;
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var ws = new WebSocket(scheme + window.location.host + CFG.ws_url);
    socket = ws;
    ws.addEventListener("open", function () {
      if (socket !== ws) return;
      attempt = 0;
      setConnection("connected");
      ping();
      window.clearInterval(pingTimer);
      pingTimer = window.setInterval(ping, PING_MS);
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
      if (CLOSE_FOR_GOOD.indexOf(event.code) !== -1) {
        setConnection("disconnected");
        return;
      }
      reconnectLater();
    });
  }

  function reconnectLater() {
    if (retryTimer) return;
    setConnection("reconnecting");
    // Exponential backoff with jitter, so a whole group does not come back in one wave.
    var ceiling = Math.min(15000, 500 * Math.pow(2, attempt));
    attempt += 1;
    retryTimer = window.setTimeout(connect, ceiling / 2 + Math.random() * ceiling / 2);
  }

  function reconnectNow() {
    if (socket || !retryTimer) return;
    window.clearTimeout(retryTimer);
    retryTimer = null;
    connect();
  }

  window.addEventListener("online", reconnectNow);
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) reconnectNow();
  });

  function ping() {
    pingSentAt = Date.now();
    transmit({ type: "ping" });
  }

  function learnClock(iso, rtt) {
    if (!iso) return;
    // The sample with the shortest round trip is the most accurate; without one, take any.
    if (rtt === null) {
      if (bestRtt === Infinity) offsetMs = parseTime(iso) - Date.now();
      return;
    }
    if (rtt <= bestRtt) {
      bestRtt = rtt;
      offsetMs = parseTime(iso) + rtt / 2 - Date.now();
    }
  }

  function receive(data) {
    if (data.type === "snapshot") {
      syncing = false;
      model.definition = data.definition;
      model.state = data.state;
      model.seq = data.seq;
      model.members = data.members || model.members;
      model.presence = data.presence || {};
      model.session = data.session;
      model.limit = data.limit;
      learnClock(data.server_time, null);
      // Anything sent but not acknowledged before a drop goes again with its own id:
      // the server applies it once.
      pending.forEach(function (entry) { transmit(entry.message); });
      render();
    } else if (data.type === "state") {
      if (data.seq <= model.seq) return;
      if (data.seq !== model.seq + 1) {
        // Something was missed: one fresh snapshot, not one request per later frame.
        if (!syncing) transmit({ type: "sync" });
        syncing = true;
        return;
      }
      model.state = data.state;
      model.seq = data.seq;
      model.limit = data.limit;
      learnClock(data.server_time, null);
      render();
    } else if (data.type === "ack") {
      settle(data.id, true);
      render();
    } else if (data.type === "error") {
      if (data.id) settle(data.id, false);
      showError(data.message);
      render();
    } else if (data.type === "presence") {
      model.presence = data.presence || {};
      renderPartner();
    } else if (data.type === "session") {
      model.session = data.session;
      model.limit = data.session ? data.session.step_index : null;
      render();
    } else if (data.type === "pong") {
      learnClock(data.server_time, Date.now() - pingSentAt);
    }
  }

  function showError(message) {
    errorsNode.textContent = message ? t("error") + " " + message : "";
  }

  // --- rendering ----------------------------------------------------------------------------

  function currentStep() {
    var steps = model.definition.steps;
    return model.state.step_index < steps.length ? steps[model.state.step_index] : null;
  }

  function currentData() {
    var step = currentStep();
    return step ? model.state.steps[step.id] : null;
  }

  function renderPartner() {
    var other = partnerId();
    var on = !!model.presence[String(other)];
    partnerNode.textContent = t(on ? "partner_connected" : "partner_away", { name: nameOf(other) });
    partnerDot.className = "ex-dot ex-dot-" + (on ? "on" : "off");
    root.setAttribute("data-partner-connected", on ? "yes" : "no");
  }

  function renderSession() {
    var session = model.session;
    if (!CFG.live || !session) { sessionBox.hidden = true; return; }
    sessionBox.hidden = false;
    announcementNode.replaceChildren();
    if (session.status === "ended") {
      announcementNode.appendChild(h("p", { class: "ex-held", text: t("session_ended") }));
    } else if (session.announcement) {
      announcementNode.appendChild(h("p", { class: "ex-announce-label", text: t("announcement") }));
      announcementNode.appendChild(h("p", { class: "ex-announce-text", text: session.announcement }));
    }
    tickTimer();
  }

  function tickTimer() {
    var session = model.session;
    if (!session || !session.timer_ends_at || session.status === "ended") {
      timerNode.hidden = true;
      return;
    }
    var left = Math.max(0, Math.round((parseTime(session.timer_ends_at) - serverNow()) / 1000));
    var minutes = Math.floor(left / 60);
    var seconds = left % 60;
    timerNode.hidden = false;
    timerNode.textContent = t("group_timer") + ": " + minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
  }

  function renderProgress() {
    var total = model.definition.steps.length;
    var index = Math.min(model.state.step_index + 1, total);
    progressNode.textContent = t("step_of", { n: index, total: total });
  }

  function render() {
    if (!model.state || !model.definition) return;
    renderProgress();
    renderPartner();
    renderSession();
    renderPause();
    var key = JSON.stringify([
      model.state.step_index, model.state.status, model.state.pause, model.state.held_by_coach,
      currentData(), pending.map(function (p) { return p.message.id; }), model.limit,
      model.session && model.session.status,
    ]);
    if (key === lastKey) return;
    lastKey = key;

    var focused = document.activeElement;
    var focusId = focused && stepBox.contains(focused) && focused.id ? focused.id : null;
    var selection = focusId && typeof focused.selectionStart === "number" ? [focused.selectionStart, focused.selectionEnd] : null;

    stepBox.replaceChildren.apply(stepBox, buildStep());
    stepBox.setAttribute("data-step-index", String(model.state.step_index));
    stepBox.setAttribute("data-status", model.state.status);

    var stepChanged = lastStepIndex !== null && lastStepIndex !== model.state.step_index;
    lastStepIndex = model.state.step_index;
    if (stepChanged) {
      var heading = stepBox.querySelector("h2");
      if (heading) heading.focus();
    } else if (focusId) {
      var again = document.getElementById(focusId);
      if (again) {
        again.focus();
        if (selection && typeof again.setSelectionRange === "function") {
          try { again.setSelectionRange(selection[0], selection[1]); } catch (e) { /* not a text field */ }
        }
      }
    }
    startBreathing();
  }

  function heading(text) {
    return h("h2", { tabindex: "-1", text: text });
  }

  function buildStep() {
    var state = model.state;
    if (state.status === "done") {
      return [heading(t("done_title")), h("p", { text: t("done_text") }), h("p", {}, [h("a", { class: "button", href: "/", text: t("home") })])];
    }
    if (state.status === "paused") return buildPaused();
    var step = currentStep();
    var data = currentData();
    var parts = [heading(KINDS[step.kind] || step.kind)];
    if (step.kind === "read") parts = parts.concat(buildRead(step, data));
    else if (step.kind === "private_input" || step.kind === "checkin") parts = parts.concat(buildInput(step, data));
    else if (step.kind === "speaker_listener") parts = parts.concat(buildTurns(step, data));
    else if (step.kind === "breathing") parts = parts.concat(buildBreathing(step, data));
    if (busy()) parts.push(h("p", { class: "muted ex-sending", text: t("pending") }));
    return parts;
  }

  function readyBlock(data) {
    var other = partnerId();
    var ready = data.ready || [];
    var lines = [];
    if (ready.indexOf(ME) !== -1) lines.push(h("li", { text: t("you_ready") }));
    if (ready.indexOf(other) !== -1) lines.push(h("li", { text: t("partner_ready", { name: nameOf(other) }) }));
    else if (ready.indexOf(ME) !== -1) lines.push(h("li", { text: t("waiting_for_partner") }));
    var block = [];
    if (lines.length) block.push(h("ul", { class: "ex-ready", "aria-live": "polite" }, lines));
    if (model.state.held_by_coach) {
      block.push(h("p", { class: "ex-held", role: "status", text: t("held") }));
    } else {
      block.push(h("div", { class: "actions" }, [
        h("button", {
          type: "button", "data-action": "ready", disabled: busy() || ready.indexOf(ME) !== -1,
          onclick: function () { act("ready", {}); },
          text: t("continue"),
        }),
      ]));
    }
    return block;
  }

  function buildRead(step, data) {
    return [h("div", { class: "prose ex-prompt" }, paragraphs(tr(step, "prompt")))].concat(readyBlock(data));
  }

  // private input and check-in

  function formatValue(step, value) {
    if (step.kind === "checkin" || step.input === "scale") return String(value);
    if (step.input === "cards") {
      var labels = {};
      step.cards.forEach(function (card) { labels[card.key] = card[LANG] || card.nl; });
      return h("ul", { class: "ex-card-list" }, value.map(function (key) { return h("li", { text: labels[key] || key }); }));
    }
    return h("div", { class: "ex-text" }, paragraphs(value));
  }

  function answerBox(label, step, value, cls) {
    var shown = formatValue(step, value);
    return h("div", { class: "ex-answer " + cls }, [
      h("h3", { text: label }),
      typeof shown === "string" ? h("p", { class: "ex-number", text: shown }) : shown,
    ]);
  }

  function buildInput(step, data) {
    var other = partnerId();
    var submitted = data.submitted || [];
    var mine = data.inputs ? data.inputs[String(ME)] : undefined;
    var parts = [];
    if (mine === undefined) {
      parts.push(inputForm(step));
      parts.push(h("p", { class: "muted", "aria-live": "polite",
        text: submitted.indexOf(other) !== -1 ? t("partner_answered", { name: nameOf(other) }) : t("partner_busy", { name: nameOf(other) }) }));
      return parts;
    }
    if (!data.revealed) {
      parts.push(h("p", { class: "ex-prompt-line", text: tr(step, "prompt") }));
      parts.push(answerBox(t("your_answer"), step, mine, "ex-answer-me"));
      parts.push(h("p", { class: "ex-waiting", role: "status", text: t("waiting_for_partner") }));
      return parts;
    }
    parts.push(h("p", { class: "ex-prompt-line", text: tr(step, "prompt") }));
    parts.push(h("h3", { class: "visually-hidden", text: t("answers_title") }));
    parts.push(h("div", { class: "ex-answers" }, [
      answerBox(t("you"), step, mine, "ex-answer-me"),
      answerBox(nameOf(other), step, data.inputs[String(other)], "ex-answer-partner"),
    ]));
    return parts.concat(readyBlock(data));
  }

  function inputForm(step) {
    var form = h("form", { class: "ex-form", novalidate: true });
    var kind = step.kind === "checkin" ? "scale" : step.input;
    var fieldId = "ex-" + step.id + "-value";
    var read;
    if (kind === "text") {
      var area = draftInput(step.id, "value", h("textarea", { id: fieldId, name: "value", rows: "5", maxlength: "4000" }));
      form.appendChild(h("label", { for: fieldId, text: tr(step, "prompt") }));
      form.appendChild(area);
      form.appendChild(h("p", { class: "field-help", text: t("draft_kept") }));
      read = function () {
        if (!area.value.trim()) { showError(t("empty_text")); return null; }
        return area.value;
      };
    } else if (kind === "cards") {
      var pick = step.pick || 1;
      var saved = load(draftKey(step.id, "value"), []);
      var boxes = step.cards.map(function (card) {
        var id = "ex-" + step.id + "-" + card.key;
        var box = h("input", { type: "checkbox", id: id, value: card.key, checked: Array.isArray(saved) && saved.indexOf(card.key) !== -1 });
        box.addEventListener("change", function () {
          store(draftKey(step.id, "value"), boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; }));
        });
        return box;
      });
      form.appendChild(h("fieldset", { class: "ex-cards" }, [
        h("legend", { text: tr(step, "prompt") }),
        h("p", { class: "field-help", text: t("pick_up_to", { n: pick }) }),
      ].concat(step.cards.map(function (card, i) {
        return h("div", { class: "ex-card-choice" }, [boxes[i], h("label", { for: boxes[i].id, text: card[LANG] || card.nl })]);
      }))));
      read = function () {
        var chosen = boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
        if (!chosen.length) { showError(t("no_choice")); return null; }
        if (chosen.length > pick) { showError(t("too_many_cards", { n: pick })); return null; }
        return chosen;
      };
    } else {
      var low = step.kind === "checkin" ? 0 : (step.min === undefined ? 0 : step.min);
      var high = step.kind === "checkin" ? 10 : (step.max === undefined ? 10 : step.max);
      var savedValue = load(draftKey(step.id, "value"), null);
      var radios = [];
      var choices = [];
      for (var v = low; v <= high; v++) {
        var rid = "ex-" + step.id + "-" + v;
        var radio = h("input", { type: "radio", class: "ex-scale-radio", name: "scale-" + step.id, id: rid, value: String(v), checked: savedValue === v });
        radio.addEventListener("change", function (event) { store(draftKey(step.id, "value"), parseInt(event.target.value, 10)); });
        radios.push(radio);
        choices.push(h("div", { class: "ex-scale-choice" }, [radio, h("label", { for: rid, text: String(v) })]));
      }
      var fieldset = h("fieldset", { class: "ex-scale" }, [h("legend", { text: tr(step, "prompt") }), h("div", { class: "ex-scale-row" }, choices)]);
      if (step.kind === "checkin") {
        fieldset.appendChild(h("p", { class: "ex-scale-ends", "aria-hidden": "true" }, [
          h("span", { text: low + " " + t("scale_low") }), h("span", { text: high + " " + t("scale_high") }),
        ]));
      }
      form.appendChild(fieldset);
      read = function () {
        var chosen = radios.filter(function (r) { return r.checked; })[0];
        if (!chosen) { showError(t("no_choice")); return null; }
        return parseInt(chosen.value, 10);
      };
    }
    form.appendChild(h("div", { class: "actions" }, [h("button", { type: "submit", disabled: busy(), text: t("send") })]));
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var value = read();
      if (value === null) return;
      act("submit", { value: value }, [draftKey(step.id, "value")]);
    });
    return form;
  }

  // speaker / listener

  function quote(label, text) {
    return h("figure", { class: "ex-quote" }, [h("figcaption", { text: label }), h("blockquote", {}, paragraphs(text))]);
  }

  function verdictText(mirror) {
    if (mirror.verdict === "yes") return t("verdict_yes");
    if (mirror.verdict === "partly") return t("verdict_partly");
    if (mirror.verdict === "no") return t("verdict_no");
    return "";
  }

  function turnTranscript(turn, speaker, listener) {
    var parts = [];
    if (turn.said_aloud) parts.push(h("p", { class: "ex-note", text: speaker === ME ? t("said_aloud") : t("partner_said_aloud", { name: nameOf(speaker) }) }));
    else if (turn.speaker_text) parts.push(quote(speaker === ME ? t("you_wrote") : t("speaker_wrote", { name: nameOf(speaker) }), turn.speaker_text));
    (turn.mirrors || []).forEach(function (mirror) {
      var block = quote(listener === ME ? t("your_mirror") : t("mirror_by", { name: nameOf(listener) }), mirror.text);
      if (mirror.verdict) block.appendChild(h("p", { class: "ex-verdict ex-verdict-" + mirror.verdict, text: verdictText(mirror) }));
      if (mirror.correction) block.appendChild(h("p", { class: "ex-correction" }, [h("strong", { text: t("correction") + " " }), mirror.correction]));
      parts.push(block);
    });
    if (turn.validation) parts.push(quote(t("validated_by", { name: listener === ME ? t("you") : nameOf(listener) }), turn.validation));
    return parts;
  }

  function textForm(id, label, draft, buttonText, onSend, extra) {
    var area = draftInput(draft.step, draft.field, h("textarea", { id: id, rows: "5", maxlength: "4000" }));
    var form = h("form", { class: "ex-form", novalidate: true }, [
      h("label", { for: id, text: label }), area, h("p", { class: "field-help", text: t("draft_kept") }),
      h("div", { class: "actions" }, [h("button", { type: "submit", disabled: busy(), text: buttonText })].concat(extra ? extra(area) : [])),
    ]);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!area.value.trim()) { showError(t("empty_text")); return; }
      onSend(area.value, [draftKey(draft.step, draft.field)]);
    });
    return form;
  }

  function buildTurns(step, data) {
    var members = model.state.members;
    var speaker = data.round === 0 ? members[0] : members[1];
    var listener = data.round === 0 ? members[1] : members[0];
    var iSpeak = speaker === ME;
    var current = data.current || {};
    var parts = [h("p", { class: "ex-prompt-line", text: tr(step, "prompt") })];

    if (data.phase === "done") {
      parts.push(h("p", { class: "ex-floor", text: t("turns_done") }));
      (data.turns || []).forEach(function (turn, i) {
        parts.push(h("section", { class: "ex-turn" }, [h("h3", { text: t("round_of", { n: i + 1 }) })].concat(turnTranscript(turn, turn.speaker, turn.listener))));
      });
      return parts.concat(readyBlock(data));
    }

    parts.push(h("p", { class: "ex-round muted", text: t("round_of", { n: data.round + 1 }) }));
    parts.push(h("p", {
      class: "ex-floor " + (iSpeak ? "ex-floor-me" : "ex-floor-partner"), role: "status", "data-floor": iSpeak ? "me" : "partner",
      text: iSpeak ? t("floor_you") : t("floor_partner", { name: nameOf(speaker) }),
    }));
    if (data.round === 1 && data.phase === "speak" && (data.turns || []).length === 1) {
      parts.push(h("p", { class: "muted", text: t("roles_swap") }));
    }
    parts = parts.concat(turnTranscript(current, speaker, listener));
    var r = data.round;
    var mirrors = current.mirrors || [];

    if (data.phase === "speak") {
      if (iSpeak) {
        parts.push(h("p", { class: "ex-hint", text: tr(step, "speaker_hint") }));
        parts.push(textForm("ex-speak-" + r, t("speak_label"), { step: step.id, field: "speak-" + r }, t("send"),
          function (text, drafts) { act("speak", { text: text }, drafts); },
          function () {
            return [h("button", { type: "button", class: "button-quiet", disabled: busy(), text: t("said_aloud"),
              onclick: function () { act("speak", { said_aloud: true }, [draftKey(step.id, "speak-" + r)]); } })];
          }));
      } else {
        parts.push(h("p", { class: "ex-waiting", text: t("listen_now", { name: nameOf(speaker) }) }));
        parts.push(h("p", { class: "ex-hint", text: tr(step, "listener_hint") }));
      }
    } else if (data.phase === "mirror") {
      if (!iSpeak) {
        parts.push(h("p", { class: "ex-hint", text: tr(step, "listener_hint") }));
        parts.push(textForm("ex-mirror-" + r + "-" + mirrors.length, t("mirror_label"), { step: step.id, field: "mirror-" + r + "-" + mirrors.length }, t("send"),
          function (text, drafts) { act("mirror", { text: text }, drafts); }));
      } else {
        parts.push(h("p", { class: "ex-waiting", text: t("mirror_wait", { name: nameOf(listener) }) }));
      }
    } else if (data.phase === "check") {
      if (iSpeak) {
        var field = "correction-" + r + "-" + mirrors.length;
        var area = draftInput(step.id, field, h("textarea", { id: "ex-" + field, rows: "3", maxlength: "4000" }));
        var answer = function (value) {
          return function () { act("check", { answer: value, text: area.value }, [draftKey(step.id, field)]); };
        };
        parts.push(h("div", { class: "ex-check", role: "group", "aria-labelledby": "ex-check-q" }, [
          h("h3", { id: "ex-check-q", text: t("check_question") }),
          h("label", { for: "ex-" + field, text: t("correction_label") }), area,
          h("div", { class: "actions" }, [
            h("button", { type: "button", disabled: busy(), onclick: answer("yes"), text: t("check_yes") }),
            h("button", { type: "button", class: "button-quiet", disabled: busy(), onclick: answer("partly"), text: t("check_partly") }),
            h("button", { type: "button", class: "button-quiet", disabled: busy(), onclick: answer("no"), text: t("check_no") }),
          ]),
        ]));
      } else {
        parts.push(h("p", { class: "ex-waiting", text: t("check_wait", { name: nameOf(speaker) }) }));
      }
    } else if (data.phase === "validate") {
      if (!iSpeak) {
        parts.push(textForm("ex-validate-" + r, t("validate_label", { name: nameOf(speaker) }), { step: step.id, field: "validate-" + r }, t("send"),
          function (text, drafts) { act("validate", { text: text }, drafts); }));
      } else {
        parts.push(h("p", { class: "ex-waiting", text: t("validate_wait", { name: nameOf(listener) }) }));
      }
    }
    return parts;
  }

  // shared breathing, driven by the server's clock

  function breathingTimes(step, data) {
    var inhale = step.inhale_seconds * 1000;
    var hold = (step.hold_seconds || 0) * 1000;
    var exhale = step.exhale_seconds * 1000;
    var cycle = inhale + hold + exhale;
    var start = parseTime(data.started_at);
    return { inhale: inhale, hold: hold, exhale: exhale, cycle: cycle, start: start, end: start + cycle * step.rounds };
  }

  function buildBreathing(step, data) {
    var parts = [h("div", { class: "prose ex-prompt" }, paragraphs(tr(step, "prompt")))];
    if (!data.started_at) {
      parts.push(h("p", { text: t("breathe_not_started") }));
      parts.push(h("div", { class: "actions" }, [h("button", { type: "button", disabled: busy(), text: t("breathe_start"),
        onclick: function () { act("breathing_start", {}); } })]));
      return parts;
    }
    var times = breathingTimes(step, data);
    if (serverNow() >= times.end + 300) {
      parts.push(h("p", { text: t("breathe_done") }));
      return parts.concat(readyBlock(data));
    }
    parts.push(h("div", { class: "ex-breath", "data-breath": true, "aria-hidden": "true" }, [h("div", { class: "ex-breath-circle" })]));
    parts.push(h("p", { class: "ex-breath-text", "data-breath-text": true }));
    parts.push(h("p", { class: "ex-breath-round muted", "data-breath-round": true }));
    parts.push(h("p", { class: "visually-hidden", "data-breath-spoken": true, "aria-live": "polite" }));
    breathSpoken = "";
    return parts;
  }

  function ease(p) {
    return (1 - Math.cos(Math.PI * p)) / 2;
  }

  function startBreathing() {
    if (breathFrame === null && stepBox.querySelector("[data-breath]")) breathFrame = window.requestAnimationFrame(breathTick);
  }

  function breathTick() {
    breathFrame = null;
    var box = stepBox.querySelector("[data-breath]");
    var step = model.state && currentStep();
    var data = model.state && currentData();
    if (!box || !step || step.kind !== "breathing" || !data.started_at) return;
    var times = breathingTimes(step, data);
    var elapsed = serverNow() - times.start;
    var phase, left, scale, round = 0;
    if (elapsed >= times.end - times.start + 300) {
      lastKey = null;
      render();
      return;
    }
    if (elapsed < 0) {
      phase = "wait"; left = Math.ceil(-elapsed / 1000); scale = 0.55;
    } else {
      var at = Math.min(elapsed, times.end - times.start - 1) % times.cycle;
      round = Math.min(Math.floor(elapsed / times.cycle) + 1, step.rounds);
      if (at < times.inhale) {
        phase = "in"; scale = 0.55 + 0.45 * ease(at / times.inhale); left = Math.ceil((times.inhale - at) / 1000);
      } else if (at < times.inhale + times.hold) {
        phase = "hold"; scale = 1; left = Math.ceil((times.inhale + times.hold - at) / 1000);
      } else {
        phase = "out"; scale = 1 - 0.45 * ease((at - times.inhale - times.hold) / times.exhale); left = Math.ceil((times.cycle - at) / 1000);
      }
    }
    var circle = box.firstChild;
    // CSSOM writes are allowed under the style-src 'self' policy (attributes would not be).
    circle.style.transform = reducedMotion ? "" : "scale(" + scale.toFixed(3) + ")";
    box.setAttribute("data-phase", phase);
    // Milliseconds into the shared rhythm by the server's clock: both partners' screens agree.
    box.setAttribute("data-elapsed-ms", String(Math.round(elapsed)));
    var label = phase === "wait" ? t("breathe_starts_in", { n: left })
      : (phase === "in" ? t("breathe_in") : phase === "hold" ? t("breathe_hold") : t("breathe_out")) + " · " + left;
    var textNode = stepBox.querySelector("[data-breath-text]");
    var roundText = round ? t("breathe_round", { n: round, total: step.rounds }) : "";
    textNode.textContent = label;
    stepBox.querySelector("[data-breath-round]").textContent = roundText;
    // Screen readers hear each phase once, not every second.
    var spoken = phase === "wait" ? "" : (phase === "in" ? t("breathe_in") : phase === "hold" ? t("breathe_hold") : t("breathe_out")) + (phase === "in" ? ", " + roundText : "");
    if (spoken && spoken !== breathSpoken) {
      breathSpoken = spoken;
      stepBox.querySelector("[data-breath-spoken]").textContent = spoken;
    }
    breathFrame = window.requestAnimationFrame(breathTick);
  }

  // pause

  function buildPaused() {
    var pause = model.state.pause || { back: [] };
    var other = partnerId();
    var back = pause.back || [];
    var parts = [heading(t("pause_title"))];
    parts.push(h("p", { class: "ex-floor", text: pause.by === ME ? t("paused_by_you") : t("paused_by_partner", { name: nameOf(pause.by) }) }));
    if (pause.until) parts.push(h("p", { text: t("paused_until", { time: clock(pause.until) }) }));
    var lines = [];
    if (back.indexOf(ME) !== -1) lines.push(h("li", { text: t("you_back") }));
    if (back.indexOf(other) !== -1) lines.push(h("li", { text: t("partner_back", { name: nameOf(other) }) }));
    if (lines.length) parts.push(h("ul", { class: "ex-ready", "aria-live": "polite" }, lines));
    parts.push(h("div", { class: "actions" }, [h("button", { type: "button", disabled: busy() || back.indexOf(ME) !== -1,
      onclick: function () { act("back", {}); }, text: t("back") })]));
    return parts;
  }

  function renderPause() {
    var status = model.state.status;
    var key = status + "|" + pauseOpen + "|" + busy();
    if (key === lastPauseKey) return;
    lastPauseKey = key;
    pauseArea.replaceChildren();
    if (status !== "active" || (model.session && model.session.status === "ended")) return;
    if (!pauseOpen) {
      pauseArea.appendChild(h("button", { type: "button", class: "button-quiet", "aria-expanded": "false", text: t("pause"),
        onclick: function () { pauseOpen = true; renderPause(); var first = pauseArea.querySelector("input"); if (first) first.focus(); } }));
      return;
    }
    var choices = (CFG.pause_choices || [20]).map(function (minutes, i) {
      var id = "ex-pause-" + minutes;
      return h("div", { class: "field check" }, [
        h("input", { type: "radio", name: "pause-minutes", id: id, value: String(minutes), checked: i === 0 }),
        h("label", { for: id, text: t("minutes_" + minutes) }),
      ]);
    });
    var form = h("form", { class: "panel ex-pause-form" }, [
      h("fieldset", { class: "consent" }, [h("legend", { text: t("pause_question") })].concat(choices)),
      h("div", { class: "actions" }, [
        h("button", { type: "submit", disabled: busy(), text: t("pause_confirm") }),
        h("button", { type: "button", class: "button-quiet", text: t("cancel"), onclick: function () { pauseOpen = false; renderPause(); } }),
      ]),
    ]);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var chosen = form.querySelector("input[name=pause-minutes]:checked");
      pauseOpen = false;
      act("pause", { minutes: parseInt(chosen.value, 10) });
    });
    pauseArea.appendChild(form);
  }

  window.setInterval(tickTimer, 500);
  connect();
})();
