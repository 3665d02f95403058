// The page script: a conversation on the ask page, upload with progress, and the source
// viewer's scroll to the cited passage. Every page works without it.
//
// Safety: document and user text only ever reaches the page through textContent and
// <mark> elements made here; nothing is parsed as HTML (no innerHTML anywhere).
"use strict";

(function () {
  const body = document.body;
  const LABELS = readLabels();
  const MONTHS = LABELS.months || [];  // kb/vocab/time.toml's, through data-labels
  const PARAM_OF = { councils: "council", doc_types: "doc_type", visit_types: "visit_type",
    themes: "theme", stance: "stance", since: "since", until: "until" };

  function readLabels() {
    try {
      return JSON.parse(body.dataset.labels || "{}");
    } catch (_) {
      return {};
    }
  }

  // --- building DOM -------------------------------------------------------------------------

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function link(href, className, text) {
    const a = el("a", className, text);
    a.setAttribute("href", href);
    return a;
  }

  // Text with the given [start, end] spans wrapped in <mark>; overlaps are tidied.
  function appendMarked(parent, text, spans) {
    let cursor = 0;
    const sorted = (spans || [])
      .map(([s, e]) => [Math.max(0, s), Math.min(text.length, e)])
      .sort((a, b) => a[0] - b[0]);
    for (let [start, end] of sorted) {
      start = Math.max(start, cursor);
      if (end <= start) continue;
      if (start > cursor) parent.append(document.createTextNode(text.slice(cursor, start)));
      parent.append(el("mark", "", text.slice(start, end)));
      cursor = end;
    }
    if (cursor < text.length) parent.append(document.createTextNode(text.slice(cursor)));
    return parent;
  }

  // --- formatting, as api/views/display.py does it ------------------------------------------

  function niceDate(value) {
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value || "");
    if (!m || !MONTHS.length) return value || "";
    return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
  }

  function councilColour(name) {
    let sum = 0;
    for (const ch of name || "") sum += ch.codePointAt(0);
    return sum % (LABELS.colours || 8);
  }

  function docTypeLabel(type) {
    return (LABELS.doc_types || {})[type] || type || "";
  }

  function stanceLabel(stance) {
    return (LABELS.stances || {})[stance] || stance;
  }

  function visitLabel(hit) {
    if (!hit.visit_type) return "";
    let text = hit.visit_type.charAt(0).toUpperCase() + hit.visit_type.slice(1);
    if (hit.visit_number) text += ` ${hit.visit_number}`;
    if (hit.visit_start && hit.visit_end && hit.visit_start !== hit.visit_end) {
      text += `, ${niceDate(hit.visit_start)} to ${niceDate(hit.visit_end)}`;
    } else if (hit.visit_start) {
      text += `, ${niceDate(hit.visit_start)}`;
    }
    return text;
  }

  function passageLink(hit) {
    const marks = (hit.marked || []).slice(0, 20).map(([s, e]) => `${s}-${e}`).join(",");
    return marks ? `${hit.url}?${new URLSearchParams({ mark: marks })}` : hit.url;
  }

  // A basket item (web/static/basket.js): the passage and the spans it quotes.
  function basketKey(passageId, spans) {
    const marks = (spans || []).slice(0, 20).map(([s, e]) => `${s}-${e}`).join(",");
    return marks ? `${passageId}:${marks}` : passageId;
  }

  function isPdf(hit) {
    return /\.pdf$/i.test(hit.source || "");
  }

  function fileLink(hit) {
    const base = `/documents/${encodeURIComponent(hit.document_id)}/file`;
    return hit.answer_page && isPdf(hit) ? `${base}#page=${hit.answer_page}` : base;
  }

  function citeLine(hit) {
    const parts = [hit.council || "Unknown council", hit.title, docTypeLabel(hit.doc_type)];
    if (hit.date) parts.push(niceDate(hit.date));
    if (hit.page) parts.push(hit.pages);
    const visit = visitLabel(hit);
    if (visit) parts.push(visit);
    return parts.join(" · ");
  }

  function filterTerms(filters) {
    const terms = [];
    const { since, until, document_id: _, ...rest } = filters || {};
    for (const [key, value] of Object.entries(rest)) {
      terms.push(`${PARAM_OF[key] || key}=${Array.isArray(value) ? value.join(",") : value}`);
    }
    const wholeYear = since && until && since.slice(0, 4) === until.slice(0, 4) &&
      since.slice(5) === "01-01" && until.slice(5) === "12-31";
    if (wholeYear) terms.push(`year=${since.slice(0, 4)}`);
    else {
      if (since) terms.push(`since=${since}`);
      if (until) terms.push(`until=${until}`);
    }
    return terms;
  }

  const EMPTY_HINT = "Nothing from outside these filters is shown instead. Remove a filter, " +
    "or name another council, to search more widely.";

  const NOTHING_ANSWERS = "Nothing in the documents answers this question.";

  // A quoted sentence without the list bullet it was cut from.
  function quoteText(text) {
    return text.replace(/^[\s\-–•·*▪●◦]+/, "");
  }

  // The same wording as kb/search/answer.py no_documents.
  function emptyMessage(data) {
    const empty = data.councils_without_documents || [];
    if (empty.length) {
      const names = empty.length === 1 ? empty[0]
        : `${empty.slice(0, -1).join(", ")} and ${empty[empty.length - 1]}`;
      return `${names} ${empty.length === 1 ? "has" : "have"} no documents in the knowledge base yet.`;
    }
    const terms = filterTerms(data.filters);
    return terms.length
      ? `No passages match ${terms.join(", ")}.`
      : "No passage in the knowledge base answers this.";
  }

  function notesOf(data, asked) {
    const notes = [];
    if (data.question !== asked) notes.push(["followup", "Read as", data.question]);
    for (const council of (data.applied || {}).councils || []) {
      notes.push(["applied", "Council named in question", council]);
    }
    for (const year of (data.applied || {}).year_boost || []) {
      notes.push(["applied", "Favouring documents from", String(year)]);
    }
    const dates = (data.applied || {}).dates;
    if (dates) {
      const span = dates.since && dates.until ? `${dates.since} to ${dates.until}`
        : dates.since ? `from ${dates.since}` : `up to ${dates.until}`;
      notes.push(["applied", "Dates from the question", span]);
    }
    const latest = (data.applied || {}).newest_first;
    if (latest) notes.push(["applied", "Newest first", `“${latest.said}”: the newest document only`]);
    const meant = {};
    for (const t of data.glossary || []) if (t.by === "meaning") meant[t.term] = t.means;
    for (const [term, alternatives] of Object.entries(data.expansions || {})) {
      if (term in meant) {
        notes.push(["expansion", "Also searching", `${term} (${meant[term]})`]);
      } else if (alternatives.length) {
        notes.push(["expansion", "Also searching", `${term} → ${alternatives.join(", ")}`]);
      }
    }
    return notes;
  }

  // --- an answer, the same markup as templates/_answer.html -----------------------------------

  function renderCitation(hit, turn) {
    const item = el("li", "citation");
    item.id = `${turn}-cite-${hit.n}`;
    item.dataset.council = hit.council || "Unknown council";
    item.dataset.n = String(hit.n);
    item.dataset.basketItem = basketKey(hit.id, hit.marked);
    const target = passageLink(hit);

    const bar = el("div", "citation__bar");
    const number = link(target, "citation__n", hit.n);
    number.setAttribute("aria-label", `Citation ${hit.n}: show in document`);
    const where = el("span", "citation__where");
    if (hit.page) where.append(hit.pages);
    if (hit.page && hit.heading) where.append(" · ");
    if (hit.heading) where.append(el("span", "citation__heading", hit.heading));
    bar.append(number, where);
    if (hit.stance && hit.stance !== "neutral") {
      bar.append(el("span", `badge badge--${hit.stance}`, stanceLabel(hit.stance)));
    }

    const quote = appendMarked(el("blockquote", "citation__text"), hit.text, hit.marked);
    const links = el("p", "citation__links");
    const fileText = `Original ${isPdf(hit) ? "PDF" : "file"}` +
      (isPdf(hit) && hit.answer_page ? `, page ${hit.answer_page}` : "");
    links.append(link(target, "citation__open", "Show in document"), " ",
      link(fileLink(hit), "citation__file", fileText));
    item.append(bar, quote, el("p", "citation__cite", citeLine(hit)), links);
    return item;
  }

  function renderGroups(data, turn) {
    const byN = new Map(data.citations.map((hit) => [hit.n, hit]));
    const wrap = document.createDocumentFragment();
    let councilSection = null;
    let councilName = null;
    for (const group of data.groups) {
      if (group.council !== councilName) {
        councilName = group.council;
        councilSection = el("section", "council-group");
        const heading = el("h3", "council-group__name");
        heading.append(el("span", `chip chip--c${councilColour(group.council)}`, group.council));
        councilSection.append(heading);
        wrap.append(councilSection);
      }
      const docSection = el("section", "doc-group");
      const title = el("h4", "doc-group__title");
      title.append(link(`/documents/${encodeURIComponent(group.document_id)}`, "", group.title));
      const first = byN.get(group.citations[0]) || {};
      const meta = [docTypeLabel(group.doc_type)];
      if (group.date) meta.push(niceDate(group.date));
      if (visitLabel(first)) meta.push(visitLabel(first));
      const list = el("ol", "citations");
      for (const n of group.citations) {
        if (byN.has(n)) list.append(renderCitation(byN.get(n), turn));
      }
      docSection.append(title, el("p", "doc-group__meta", meta.join(" · ")), list);
      councilSection.append(docSection);
    }
    return wrap;
  }

  function renderAnswer(data, asked, turn) {
    const section = el("section", "answer");
    section.setAttribute("aria-label", "Answer");
    const notes = notesOf(data, asked);
    if (notes.length) {
      const list = el("ul", "notes");
      list.setAttribute("aria-label", "How the question was searched");
      for (const [kind, label, value] of notes) {
        const item = el("li", `note note--${kind}`);
        item.append(el("span", "note__label", `${label}:`), ` ${value}`);
        list.append(item);
      }
      section.append(list);
    }
    if (!data.citations.length) {
      const empty = el("p", "answer__empty", emptyMessage(data));
      empty.setAttribute("role", "status");
      section.append(empty);
      if (filterTerms(data.filters).length) section.append(el("p", "answer__hint", EMPTY_HINT));
      return section;
    }
    if (data.found === false) {
      const none = el("p", "answer__none", NOTHING_ANSWERS);
      none.setAttribute("role", "status");
      section.append(none, el("h2", "answer__title", "Closest passages found: not an answer"),
        renderGroups(data, turn));
      return section;
    }
    const quotes = el("ul", "quotes");
    for (const quote of data.quotes) {
      const item = el("li", "quote");
      item.dataset.basketItem = basketKey(quote.passage_id, [[quote.start, quote.end]]);
      const ref = link(`#${turn}-cite-${quote.n}`, "ref", `[${quote.n}]`);
      ref.setAttribute("aria-label", `Citation ${quote.n}`);
      item.append(el("q", "", quoteText(quote.text)), " ", ref);
      quotes.append(item);
    }
    section.append(el("h2", "answer__title", "What the documents say"), quotes,
      el("h2", "answer__title", "Sources"), renderGroups(data, turn));
    return section;
  }

  // --- the conversation on the ask page -------------------------------------------------------

  // Each answered turn is kept in the URL (/?thread=q1&thread=q2) and, with its answer, in
  // sessionStorage, so Back, reload and a shared link bring the conversation back; the server
  // renders the thread's questions as permalink links for when this script cannot.
  const THREAD_KEY = "kb.thread";
  const MAX_TURNS = 20;

  function threadQuery(turns) {
    const params = new URLSearchParams();
    for (const turn of turns.slice(-MAX_TURNS)) params.append("thread", turn.asked);
    return params.toString();
  }

  function readThread() {
    try {
      const saved = JSON.parse(sessionStorage.getItem(THREAD_KEY) || "{}");
      return saved && Array.isArray(saved.turns) ? saved : { turns: [] };
    } catch (_) {
      return { turns: [] };
    }
  }

  function writeThread(saved) {
    try {
      sessionStorage.setItem(THREAD_KEY, JSON.stringify(saved));
    } catch (_) {
      // Storage full or disabled: the URL still holds the questions.
    }
  }

  function exportLinks(question) {
    const links = el("p", "turn__links");
    links.append(link(`/search?${new URLSearchParams({ q: question })}`, "",
      "Open as a page to filter by council, year or theme"));
    links.append(" · Export this answer: ");
    [["docx", "Word"], ["csv", "CSV"], ["md", "Markdown"]].forEach(([fmt, label], i) => {
      if (i) links.append(", ");
      const a = link(`/api/ask/export?${new URLSearchParams({ q: question, format: fmt })}`,
        `export export--${fmt}`, label);
      a.setAttribute("download", "");
      links.append(a);
    });
    return links;
  }

  function setupConversation() {
    const form = document.getElementById("ask-form");
    const thread = document.getElementById("thread");
    if (!form || !thread || !body.classList.contains("page-ask")) return;
    const input = form.querySelector("#q");
    const prevInput = form.querySelector("#prev");
    const button = form.querySelector("button[type=submit]");
    const status = document.getElementById("thread-status");
    const share = document.getElementById("thread-share");
    const done = []; // {asked, data} for each answered turn, in order
    let turns = 0;
    let previous = "";
    let busy = false;

    function remember() {
      const query = threadQuery(done);
      history.replaceState(history.state, "", query ? `/?${query}` : "/");
      writeThread({ query, turns: done.slice(-MAX_TURNS), scroll: window.scrollY });
      if (share && query) {
        const url = `${share.dataset.base}/?${query}`;
        const anchor = share.querySelector("a");
        anchor.setAttribute("href", url);
        anchor.textContent = url;
        share.hidden = false;
      }
    }

    function showAnswer(answerBox, data, asked, turn) {
      answerBox.append(renderAnswer(data, asked, turn), exportLinks(data.question));
      previous = data.question;
      prevInput.value = previous;
      done.push({ asked, data });
    }

    async function ask(question, cached) {
      const asked = question.split(/\s+/).filter(Boolean).join(" ");
      if (!asked || busy) return;
      busy = true;
      button.disabled = true;
      turns += 1;
      const turn = `t${turns}`;
      const item = el("li", "turn");
      item.id = turn;
      const bubble = el("div", "turn__question");
      bubble.append(el("p", "bubble", asked));
      const answerBox = el("div", "turn__answer");
      item.append(bubble, answerBox);
      thread.append(item);
      form.closest(".chat").classList.add("has-thread");
      if (cached) {
        showAnswer(answerBox, cached, asked, turn);
        busy = false;
        button.disabled = false;
        return;
      }
      answerBox.setAttribute("aria-busy", "true");
      answerBox.append(el("p", "turn__loading", "Searching the documents…"));
      item.scrollIntoView({ block: "start", behavior: smooth() });
      status.textContent = "Searching…";

      const params = new URLSearchParams({ q: asked });
      if (previous) params.set("prev", previous);
      try {
        const response = await fetch(`/api/ask?${params}`, {
          headers: { Accept: "application/json" },
        });
        const data = await response.json().catch(() => ({}));
        answerBox.replaceChildren();
        if (!response.ok) {
          answerBox.append(el("p", "answer__error", errorText(response.status, data)));
          status.textContent = "The question could not be searched.";
        } else {
          showAnswer(answerBox, data, asked, turn);
          remember();
          const count = data.citations.length;
          status.textContent = data.found === false && count ? NOTHING_ANSWERS
            : count ? `Answer ready with ${count} citation${count === 1 ? "" : "s"}.`
            : emptyMessage(data);
        }
      } catch (_) {
        answerBox.replaceChildren(el("p", "answer__error",
          "The knowledge base could not be reached. Check the connection and ask again."));
        status.textContent = "The knowledge base could not be reached.";
      } finally {
        answerBox.removeAttribute("aria-busy");
        busy = false;
        button.disabled = false;
        input.value = "";
        input.focus({ preventScroll: true });
      }
    }

    // The thread in the URL, answered from this tab's storage where it can be (Back and
    // reload cost nothing), asked again where not (a shared link).
    async function restore() {
      const asked = new URLSearchParams(location.search).getAll("thread").slice(-MAX_TURNS);
      if (!asked.length) return;
      const saved = readThread();
      for (const node of thread.querySelectorAll(".turn--saved")) node.remove();
      for (const [i, question] of asked.entries()) {
        const kept = saved.turns[i];
        await ask(question, kept && kept.asked === question ? kept.data : null);
      }
      remember();
      if (saved.query === threadQuery(done) && saved.scroll) window.scrollTo(0, saved.scroll);
      status.textContent = `Conversation restored: ${done.length} question${done.length === 1 ? "" : "s"}.`;
    }

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      ask(input.value);
    });
    for (const example of document.querySelectorAll(".example[data-question]")) {
      example.addEventListener("click", (event) => {
        event.preventDefault();
        ask(example.dataset.question);
      });
    }
    window.addEventListener("pagehide", () => {
      if (done.length) writeThread({ ...readThread(), scroll: window.scrollY });
    });
    restore();
  }

  function errorText(status, data) {
    const detail = data && data.detail;
    if (typeof detail === "string") return detail;
    if (Array.isArray(detail)) return detail.map((d) => d.msg || String(d)).join("; ");
    return `The search failed (HTTP ${status}).`;
  }

  function smooth() {
    return window.matchMedia("(prefers-reduced-motion: reduce)").matches ? "auto" : "smooth";
  }

  // --- upload ---------------------------------------------------------------------------------

  /** The session's CSRF token, which every write sends (api/guard.py). */
  function csrfToken(form) {
    const field = form && form.querySelector("input[name=csrf_token]");
    const meta = document.querySelector("meta[name=csrf-token]");
    return (field && field.value) || (meta && meta.content) || "";
  }

  function setupUpload() {
    const form = document.getElementById("upload-form");
    if (!form) return;
    const input = form.querySelector("input[type=file]");
    const button = form.querySelector("button[type=submit]");
    const progress = document.getElementById("upload-progress");
    const status = document.getElementById("upload-status");
    const maxMb = Number(form.dataset.maxMb || "0");

    function say(text, kind) {
      status.textContent = text;
      status.className = `upload__status${kind ? ` upload__status--${kind}` : ""}`;
    }

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const file = input.files && input.files[0];
      if (!file) return say("Choose a file first.", "error");
      const mb = file.size / (1024 * 1024);
      if (maxMb && mb > maxMb) {
        return say(`Too large: ${file.name} is ${mb.toFixed(1)} MB and the limit is ${maxMb} MB.`,
          "error");
      }
      const data = new FormData();
      data.append("file", file);
      const xhr = new XMLHttpRequest();
      xhr.open("POST", form.getAttribute("action"));
      xhr.setRequestHeader("Accept", "application/json");
      xhr.setRequestHeader("X-CSRF-Token", csrfToken(form));
      xhr.upload.addEventListener("progress", (e) => {
        if (!e.lengthComputable) return;
        progress.value = Math.round((e.loaded / e.total) * 100);
        progress.textContent = `${progress.value}%`;
        if (e.loaded >= e.total) {
          progress.removeAttribute("value"); // indeterminate while the server reads the file
          say(`Uploaded ${file.name}; reading and indexing it…`);
        }
      });
      xhr.addEventListener("load", () => done(xhr, file));
      xhr.addEventListener("error", () => finish(`Upload of ${file.name} failed: the server ` +
        "could not be reached.", "error"));
      button.disabled = true;
      progress.hidden = false;
      progress.value = 0;
      say(`Uploading ${file.name}…`);
      xhr.send(data);
    });

    function done(xhr, file) {
      let data = {};
      try {
        data = JSON.parse(xhr.responseText || "{}");
      } catch (_) {
        data = {};
      }
      if (xhr.status === 201) {
        const what = data.status === "unchanged"
          ? "was already in the knowledge base, unchanged"
          : `was ${data.status}: ${data.documents} document${data.documents === 1 ? "" : "s"}, ` +
            `${data.added} new passage${data.added === 1 ? "" : "s"}`;
        finish(`${file.name} ${what}. You can ask about it now.`, "ok");
        return showRead(data.read || []);
      }
      if (xhr.status === 413) {
        return finish(`Too large: ${errorText(413, data)}. Split the file or ask an ` +
          "administrator to raise the limit.", "error");
      }
      finish(`Could not add the file. ${errorText(xhr.status, data)}`, "error");
    }

    function finish(text, kind) {
      progress.hidden = true;
      button.disabled = false;
      say(text, kind);
      const old = document.getElementById("upload-read");
      if (old) old.remove();
    }

    // What was read about each document of the file, with the way to correct it.
    function showRead(documents) {
      if (!documents.length) return;
      const list = el("ul", "upload__read");
      list.id = "upload-read";
      for (const doc of documents) {
        const item = el("li");
        const fields = el("dl");
        const visit = visitLabel(doc);
        const shown = [["Council", doc.council || "not read"], ["Type", docTypeLabel(doc.doc_type)],
          ["Committee", doc.committee], ["Date", doc.date ? niceDate(doc.date) : "not read"],
          ["Meeting", doc.meeting_date ? niceDate(doc.meeting_date) : ""], ["Visit", visit]];
        for (const [label, value] of shown) {
          if (!value) continue;
          const pair = el("div");
          pair.append(el("dt", "", label), el("dd", "", value));
          fields.append(pair);
        }
        item.append(el("strong", "", doc.title), fields,
          link(`${doc.url}#metadata`, "upload__correct", "Wrong? Check and correct these details"));
        list.append(item);
      }
      status.after(list);
    }
  }

  // --- the source viewer ----------------------------------------------------------------------

  // A link to #metadata (the upload result's "check and correct") opens the form.
  function openMetadata() {
    const details = document.querySelector("#metadata details");
    if (details && location.hash === "#metadata") details.open = true;
  }

  function showTargetPassage() {
    const target = document.querySelector(".passage.is-target");
    if (!target) return;
    // Centre it rather than leave it under the top edge, and start keyboard focus there.
    target.scrollIntoView({ block: "center" });
    target.focus({ preventScroll: true });
  }

  // Facets show on wide screens even where ::details-content is not supported.
  function openFacetsWhenWide() {
    const facets = document.getElementById("facets");
    if (facets && window.matchMedia("(min-width: 900px)").matches) facets.open = true;
  }

  setupConversation();
  setupUpload();
  openFacetsWhenWide();
  showTargetPassage();
  openMetadata();
})();
