// The evidence basket. Any element with data-basket-item="passage-id[:start-end,...]" (a
// quotation, a citation card, a finding) gets an "Add to basket" button; the basket is kept
// in localStorage, so it survives navigation and reloads, and the header's Basket link
// carries its items to /basket, which reads every quotation from the knowledge base.
//
// Safety: only textContent is written; nothing is parsed as HTML.
"use strict";

(function () {
  const KEY = "kb.basket";
  const MAX = 100;
  const ITEM = /^[0-9a-f]{8,64}(:\d{1,7}-\d{1,7}(,\d{1,7}-\d{1,7})*)?$/;

  function load() {
    try {
      const items = JSON.parse(localStorage.getItem(KEY) || "[]");
      return Array.isArray(items) ? items.filter((i) => ITEM.test(i)).slice(0, MAX) : [];
    } catch (_) {
      return [];
    }
  }

  function save(items) {
    try {
      localStorage.setItem(KEY, JSON.stringify([...new Set(items)].slice(0, MAX)));
    } catch (_) {
      // Storage full or disabled: the basket lasts as long as the page.
    }
    refresh();
  }

  function basketUrl(items) {
    const params = new URLSearchParams();
    for (const item of items) params.append("item", item);
    const query = params.toString();
    return query ? `/basket?${query}` : "/basket";
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // --- the header link and the buttons ------------------------------------------------------

  function refresh() {
    const items = load();
    const navLink = document.getElementById("basket-link");
    const count = document.getElementById("basket-count");
    if (navLink) navLink.setAttribute("href", basketUrl(items));
    if (count) {
      setText(count, items.length ? ` ${items.length}` : "");
      count.hidden = !items.length;
    }
    const held = new Set(items);
    for (const button of document.querySelectorAll("button.basket-add")) {
      const inBasket = held.has(button.dataset.item);
      button.setAttribute("aria-pressed", String(inBasket));
      setText(button, inBasket ? "In basket ✓" : "Add to basket");
      button.title = inBasket ? "Remove from the evidence basket" : "Add to the evidence basket";
    }
    for (const button of document.querySelectorAll("button.basket-add-all")) {
      const keys = JSON.parse(button.dataset.items);
      const missing = keys.filter((k) => !held.has(k)).length;
      button.disabled = !missing;
      setText(button, missing ? `Add all ${keys.length} quotations to basket`
        : "All quotations in basket ✓");
    }
  }

  function toggle(item) {
    const items = load();
    save(items.includes(item) ? items.filter((i) => i !== item) : [...items, item]);
  }

  function addButton(target) {
    target.dataset.basketReady = "1";
    const item = target.dataset.basketItem;
    if (!ITEM.test(item)) return;
    if (target.hasAttribute("data-basket-listed")) return addRemoveButton(target, item);
    const button = el("button", "basket-add");
    button.type = "button";
    button.dataset.item = item;
    button.addEventListener("click", () => toggle(item));
    const slot = target.querySelector(".citation__links, .finding__cite") || target;
    slot.append(" ", button);
  }

  function addAllButton(list) {
    list.dataset.basketReady = "1";
    const keys = [...list.querySelectorAll("[data-basket-item]")]
      .map((n) => n.dataset.basketItem).filter((k) => ITEM.test(k));
    if (keys.length < 2) return;
    const button = el("button", "basket-add-all button");
    button.type = "button";
    button.dataset.items = JSON.stringify(keys);
    button.addEventListener("click", () => save([...load(), ...keys]));
    list.after(button);
  }

  // Buttons for what the page (or app.js, as answers arrive) has added since last time.
  function enhance() {
    const targets = document.querySelectorAll("[data-basket-item]:not([data-basket-ready])");
    const lists = document.querySelectorAll(".quotes:not([data-basket-ready])");
    if (!targets.length && !lists.length) return;
    targets.forEach(addButton);
    lists.forEach(addAllButton);
    refresh();
  }

  function setText(node, text) {
    if (node.textContent !== text) node.textContent = text; // no change, no mutation
  }

  // --- the basket page ----------------------------------------------------------------------

  function listedItems() {
    return [...document.querySelectorAll("[data-basket-listed]")].map((n) => n.dataset.basketItem);
  }

  function addRemoveButton(target, item) {
    const button = el("button", "basket-remove", "Remove");
    button.type = "button";
    button.addEventListener("click", () => {
      save(load().filter((i) => i !== item));
      location.replace(basketUrl(listedItems().filter((i) => i !== item)));
    });
    (target.querySelector(".evidence__links") || target).append(" ", button);
  }

  function setupBasketPage() {
    if (!document.body.classList.contains("page-basket")) return;
    const inUrl = new URLSearchParams(location.search).getAll("item");
    const stored = load();
    if (!inUrl.length && stored.length) {
      location.replace(basketUrl(stored));
      return;
    }
    const listed = listedItems();
    if (listed.length && listed.join() !== stored.join()) {
      // A basket opened from a link someone sent: offer to keep it.
      const note = el("p", "basket__adopt", "This basket came from a link. ");
      const keep = el("button", "button", "Keep these quotations in my basket");
      keep.type = "button";
      keep.addEventListener("click", () => {
        save([...new Set([...stored, ...listed])]);
        location.replace(basketUrl(load()));
      });
      note.append(keep);
      document.querySelector(".basket h1").after(note);
    }
    const clear = el("button", "basket-clear button", "Empty the basket");
    clear.type = "button";
    clear.addEventListener("click", () => {
      save([]);
      location.replace("/basket");
    });
    const list = document.getElementById("evidence-list");
    if (list && stored.length) list.after(clear);
  }

  setupBasketPage();
  enhance();
  refresh();
  new MutationObserver(() => enhance()).observe(document.body, { childList: true, subtree: true });
  window.addEventListener("storage", (event) => {
    if (event.key === KEY) refresh();
  });
})();
