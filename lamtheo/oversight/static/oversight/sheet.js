/* The scoring sheet (oversight/sheet.html), progressive enhancement of a form that works
   without it.

   Every entry is saved as it is typed, through the sheet's autosave endpoint, one request at
   a time: each request carries the version the previous answer gave, so the server can tell
   when someone else changed the sheet in between and refuse the save. Until the server
   confirms an entry it is kept in localStorage (one key per sheet, user and role), so a lost
   connection or a closed tab loses nothing: offline, the queue retries every 10 seconds and
   on the browser's `online` event; on reload, the entries come back into their inputs. A save
   refused because the sheet changed stops the queue and says so (role="alert"); the entries
   stay in their inputs and in localStorage until the person chooses to save them over the new
   version or to drop them. Nothing is overwritten or dropped silently. */
(function () {
  "use strict";

  const form = document.querySelector("form.sheet-form[data-save-url]");
  if (!form) return;

  const DEBOUNCE = 600;
  const RETRY = 10000;
  const url = form.dataset.saveUrl;
  const role = form.dataset.as;
  const storageKey = ["lamtheo", "sheet", form.dataset.evaluation, form.dataset.user, role].join(":");
  const versionInput = form.querySelector("input[name=version]");
  const csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  const say = form.dataset;
  const sheetStatus = document.getElementById("sheet-save-status");
  const alertBox = document.getElementById("sheet-alert");
  const alertText = alertBox.querySelector(".sheet-alert-text");
  const buttons = {
    keep: alertBox.querySelector("[data-sheet=keep]"),
    discard: alertBox.querySelector("[data-sheet=discard]"),
    reload: alertBox.querySelector("[data-sheet=reload]"),
  };

  let pending = {}; // field name -> value typed and not yet confirmed by the server
  let rejected = {}; // field name -> true: refused as written; not sent again until edited
  let busy = false; // a request is on its way
  let stopped = false; // the sheet changed on the server: nothing is sent until the person says
  let offline = false;
  let timer = null;
  let retryTimer = null;
  let submitter = null; // a button clicked while entries were still being saved

  // --- Fields ---------------------------------------------------------------------------

  function tracked(element) {
    return element && element.name && element.hasAttribute("data-save");
  }

  function valueOf(name) {
    if (name === "conditions") {
      return Array.from(form.querySelectorAll("input[name=conditions]:checked"))
        .map((box) => box.value)
        .sort();
    }
    const element = form.elements.namedItem(name);
    return element ? element.value : undefined;
  }

  function served(name) {
    // What the page came with from the server (not what a browser may have put back).
    if (name === "conditions") {
      return Array.from(form.querySelectorAll("input[name=conditions]"))
        .filter((box) => box.defaultChecked)
        .map((box) => box.value)
        .sort();
    }
    const element = form.elements.namedItem(name);
    return element ? element.defaultValue : undefined;
  }

  function put(name, value) {
    if (name === "conditions") {
      form.querySelectorAll("input[name=conditions]").forEach((box) => {
        box.checked = value.indexOf(box.value) >= 0;
      });
      return;
    }
    const element = form.elements.namedItem(name);
    if (element) element.value = value;
  }

  function same(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
  }

  function rowOf(name) {
    const dash = name.indexOf("-");
    return dash < 0 ? name : name.slice(dash + 1);
  }

  function version() {
    return Number(versionInput.value);
  }

  // --- What the person sees --------------------------------------------------------------

  function clock(answer) {
    if (answer && answer.saved_label) return answer.saved_label;
    const now = new Date();
    return String(now.getHours()).padStart(2, "0") + ":" + String(now.getMinutes()).padStart(2, "0");
  }

  function rowState(name, text, kind) {
    const cell = form.querySelector('[data-state-for="' + rowOf(name) + '"]');
    if (!cell) return;
    cell.textContent = text;
    cell.className = cell.className.replace(/\bstate-\w+/g, "").trim() + " state-" + kind;
  }

  function sheetState(text, kind) {
    sheetStatus.textContent = text;
    sheetStatus.className = sheetStatus.className.replace(/\bstate-\w+/g, "").trim() + " state-" + kind;
  }

  function mark(name, invalid, message) {
    const elements = name === "conditions"
      ? Array.from(form.querySelectorAll("input[name=conditions]"))
      : [form.elements.namedItem(name)].filter(Boolean);
    elements.forEach((element) => {
      if (invalid) {
        element.setAttribute("aria-invalid", "true");
        element.setAttribute("title", message || "");
      } else {
        element.removeAttribute("aria-invalid");
        element.removeAttribute("title");
      }
    });
  }

  function showAlert(text, which) {
    alertText.textContent = text;
    Object.keys(buttons).forEach((key) => {
      buttons[key].hidden = which.indexOf(key) < 0;
    });
    alertBox.hidden = false;
  }

  function hideAlert() {
    alertBox.hidden = true;
    alertText.textContent = "";
  }

  function totals(answer) {
    const set = (key, text) => {
      document.querySelectorAll('[data-total="' + key + '"]').forEach((element) => {
        element.textContent = text;
      });
    };
    set("self", answer.self_total);
    set("review", answer.review_total);
    set("grade", answer.grade_label || "—");
    set("status", answer.status_label);
    document.querySelectorAll('[data-total="status"]').forEach((badge) => {
      badge.className = "badge status-" + answer.status;
    });
    document.querySelectorAll('[data-total="provisional"]').forEach((element) => {
      element.hidden = answer.status === "accepted";
    });
  }

  // --- localStorage ----------------------------------------------------------------------

  function persist() {
    try {
      if (Object.keys(pending).length) {
        localStorage.setItem(storageKey, JSON.stringify({ base: version(), entries: pending }));
      } else {
        localStorage.removeItem(storageKey);
      }
    } catch (error) {
      /* storage full or forbidden: the entries stay in the inputs and in memory */
    }
  }

  function stored() {
    try {
      const found = JSON.parse(localStorage.getItem(storageKey) || "null");
      return found && found.entries && typeof found.entries === "object" ? found : null;
    } catch (error) {
      return null;
    }
  }

  // --- The queue -------------------------------------------------------------------------

  function waiting() {
    return Object.keys(pending).filter((name) => !rejected[name]);
  }

  function schedule(delay) {
    clearTimeout(timer);
    timer = setTimeout(flush, delay === undefined ? DEBOUNCE : delay);
  }

  function note(name) {
    pending[name] = valueOf(name);
    delete rejected[name];
    mark(name, false);
    rowState(name, say.msgDirty, "dirty");
    persist();
  }

  function body(sent) {
    const data = { version: version(), as: role, scores: {} };
    Object.keys(sent).forEach((name) => {
      if (name === "conditions") data.conditions = sent[name];
      else if (name === "comment") data.comment = sent[name];
      else {
        const dash = name.indexOf("-");
        const key = name.slice(0, dash);
        const id = name.slice(dash + 1);
        (data.scores[id] = data.scores[id] || {})[key] = sent[name];
      }
    });
    return JSON.stringify(data);
  }

  function flush() {
    clearTimeout(timer);
    timer = null;
    if (busy || stopped) return;
    const names = waiting();
    if (!names.length) {
      resubmit();
      return;
    }
    clearTimeout(retryTimer);
    retryTimer = null;
    const sent = {};
    names.forEach((name) => {
      sent[name] = pending[name];
      rowState(name, say.msgSaving, "saving");
    });
    sheetState(say.msgSaving, "saving");
    busy = true;
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json",
        "X-CSRFToken": csrf,
        "X-Requested-With": "fetch",
      },
      body: body(sent),
    })
      .then(
        (response) => {
          const type = response.headers.get("Content-Type") || "";
          if (response.redirected || type.indexOf("application/json") !== 0) {
            return { status: response.status === 200 ? 401 : response.status, data: null };
          }
          return response.json().then(
            (data) => ({ status: response.status, data: data }),
            () => ({ status: 0, data: null })
          );
        },
        () => ({ status: 0, data: null })
      )
      .then((answer) => {
        busy = false;
        answered(answer, sent);
      });
  }

  function answered(answer, sent) {
    const names = Object.keys(sent);
    const data = answer.data;
    if (answer.status === 200 && data) {
      offline = false;
      versionInput.value = data.version;
      names.forEach((name) => {
        if (same(pending[name], sent[name])) {
          delete pending[name];
          rowState(name, say.msgSaved + " " + clock(data), "saved");
        }
      });
      persist();
      totals(data);
      sheetState(say.msgSaved + " " + clock(data), "saved");
      if (waiting().length) schedule(0);
      else resubmit();
      return;
    }
    if (answer.status === 400 && data) {
      if (data.field === "version" || names.indexOf(data.field) < 0) {
        // The sheet changed on the server (or cannot take scores any more): stop, keep all.
        stop(data.detail);
        return;
      }
      rejected[data.field] = true;
      mark(data.field, true, data.detail);
      rowState(data.field, say.msgFailed + " " + data.detail, "failed");
      sheetState(say.msgFailed + " " + data.detail, "failed");
      names.forEach((name) => {
        if (name !== data.field && pending[name] !== undefined) rowState(name, say.msgDirty, "dirty");
      });
      persist();
      submitter = null;
      if (waiting().length) schedule(0);
      return;
    }
    if (answer.status === 0 || answer.status >= 500) {
      offline = answer.status === 0;
      const text = offline ? say.msgOffline : say.msgFailed + " " + say.msgServer;
      names.forEach((name) => rowState(name, text, offline ? "offline" : "failed"));
      sheetState(text, offline ? "offline" : "failed");
      persist();
      clearTimeout(retryTimer);
      retryTimer = setTimeout(flush, RETRY);
      return;
    }
    // Signed out, the CSRF token refused, the sheet out of reach: keep everything, stop.
    stop(say.msgSession, true);
  }

  function stop(text, signedOut) {
    // `text`: the server's message (a changed sheet), shown as it is, or why we are cut off.
    stopped = true;
    submitter = null;
    waiting().forEach((name) => rowState(name, say.msgDirty, "dirty"));
    persist();
    const line = say.msgFailed + " " + text;
    sheetState(line, "failed");
    showAlert(signedOut ? line : text, signedOut ? [] : ["reload"]);
  }

  function resubmit() {
    if (submitter && !busy && !waiting().length) {
      const button = submitter;
      submitter = null;
      form.requestSubmit(button);
    }
  }

  // --- Restoring what was typed before a reload -------------------------------------------

  function restore() {
    const found = stored();
    if (!found) return;
    // A page the server sent back with a refused post shows what was posted, not what it
    // holds: there an entry equal to its box is not known to be saved.
    const bound = form.dataset.bound === "1";
    const entries = {};
    const onServer = {};
    Object.keys(found.entries).forEach((name) => {
      const now = served(name);
      if (now === undefined) return; // a field this page no longer has
      if (!bound && same(now, found.entries[name])) return; // the server has it already
      entries[name] = found.entries[name];
      onServer[name] = now;
    });
    pending = entries;
    persist();
    const names = Object.keys(entries);
    if (!names.length) return;
    names.forEach((name) => put(name, entries[name]));
    if (found.base === version()) {
      // Nobody changed the sheet since: save them now.
      names.forEach((name) => rowState(name, say.msgDirty, "dirty"));
      sheetState(say.msgRestored, "dirty");
      schedule(0);
      return;
    }
    stopped = true;
    names.forEach((name) => {
      const value = Array.isArray(onServer[name]) ? onServer[name].join(", ") : onServer[name];
      rowState(name, say.msgDirty + "; " + say.msgOnServer + " " + (value || say.msgEmpty), "dirty");
    });
    sheetState(say.msgStale, "failed");
    showAlert(say.msgStale, ["keep", "discard"]);
  }

  buttons.keep.addEventListener("click", () => {
    // The person chose: their entries go over the version this page shows.
    stopped = false;
    rejected = {};
    hideAlert();
    persist();
    schedule(0);
  });

  buttons.discard.addEventListener("click", () => {
    pending = {};
    persist();
    window.location.reload();
  });

  buttons.reload.addEventListener("click", () => {
    persist();
    window.location.reload();
  });

  // --- Typing and moving ------------------------------------------------------------------

  function edited(event) {
    if (!tracked(event.target)) return;
    note(event.target.name);
    if (!stopped) schedule();
  }

  form.addEventListener("input", edited);
  form.addEventListener("change", edited);

  form.addEventListener("keydown", (event) => {
    const target = event.target;
    if (event.key !== "Enter" || event.isComposing || !target.classList.contains("points")) return;
    // Like a spreadsheet: Enter to the next points box, Shift+Enter back; never submits.
    event.preventDefault();
    const boxes = Array.from(form.querySelectorAll("input.points"));
    const next = boxes[boxes.indexOf(target) + (event.shiftKey ? -1 : 1)];
    if (next) {
      next.focus();
      next.select();
    } else if (!stopped) {
      schedule(0);
    }
  });

  form.addEventListener("submit", (event) => {
    // A button clicked while entries are on their way: send it once they are saved, with the
    // version they give (the page's own saves are not "someone else").
    if (stopped) return; // the server answers the whole sheet and says what is wrong
    const button = event.submitter || form.querySelector("button[type=submit]");
    if (!navigator.onLine) {
      event.preventDefault();
      submitter = button;
      offline = true;
      sheetState(say.msgOffline, "offline");
      return;
    }
    if (busy || waiting().length) {
      event.preventDefault();
      submitter = button;
      flush();
    }
  });

  window.addEventListener("online", () => {
    if (stopped) return;
    if (waiting().length) flush();
    else resubmit();
  });

  restore();
})();
