// rasd web interface: filters kept in the URL, a map of clustered places, a timeline, the event list, and the
// event page with the article's evidence highlighted at its offsets and every outlet's claims side by side.
"use strict";
(function () {
  const I = window.RASD_I18N;
  const FILTERS = ["q", "type", "mode", "country", "admin1", "actor", "modality", "outlet", "from", "to", "bbox"];
  const SELECTS = ["type", "mode", "country", "admin1", "actor", "modality", "outlet"];
  const $ = (id) => document.getElementById(id);
  // the borders are fetched at once, beside the first API requests
  const bordersData = fetch("/static/vendor/countries-50m.json").then((r) => r.json());
  let map = null, cluster = null, borders = Promise.resolve(), fitted = false, nextCursor = null, meta = null, lastList = "";

  // ---- helpers
  function params() { return new URLSearchParams(location.search); }
  function lang() { return params().get("lang") === "en" ? "en" : "ar"; }
  function t(key) { return (I[lang()] && I[lang()][key]) || I.en[key] || key; }
  function typeLabel(v) { return lang() === "ar" && I.types[v] ? I.types[v] + " · " + v : v; }
  function modLabel(v) { return lang() === "ar" && I.modalities[v] ? I.modalities[v] : v; }
  let regionNames = null;
  function countryLabel(code) {
    if (!code) return "";
    try {
      if (!regionNames || regionNames.lang !== lang()) {
        regionNames = { lang: lang(), fmt: new Intl.DisplayNames([lang()], { type: "region" }) };
      }
      return regionNames.fmt.of(code) || code;
    } catch (e) { return code; }
  }
  function num(n) { return new Intl.NumberFormat(lang() === "ar" ? "ar" : "en").format(n); }
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") node.className = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }
  function status(text, isError) {
    const s = $("status");
    s.textContent = text || "";
    s.classList.toggle("error", Boolean(isError));
  }
  async function api(path, query) {
    const url = path + (query && String(query) ? "?" + query : "");
    const resp = await fetch(url, { headers: { Accept: "application/json" } });
    const body = await resp.json().catch(() => null);
    if (!resp.ok) throw new Error((body && body.error && body.error.message) || resp.status + " " + url);
    return body;
  }
  function filterQuery(extra) {
    const p = params(), q = new URLSearchParams();
    for (const k of FILTERS) if (p.get(k)) q.set(k, p.get(k));
    for (const [k, v] of Object.entries(extra || {})) q.set(k, v);
    return q;
  }
  function navigate(path, query, replace) {
    const q = new URLSearchParams(query);
    const url = path + (String(q) ? "?" + q : "");
    if (replace) history.replaceState(null, "", url); else history.pushState(null, "", url);
    route();
  }
  function setFilter(key, value) {
    const p = params();
    if (value) p.set(key, value); else p.delete(key);
    navigate("/", p);
  }
  function count(c) {
    if (!c) return null;
    if (c.max === c.min) return num(c.min);
    return c.max === null ? num(c.min) + "+" : num(c.min) + "–" + num(c.max);
  }
  function names(parties) {
    return (parties || []).map((p) => (lang() === "ar" ? p.text || p.name_ar || p.name : p.name || p.text)).join("، ");
  }
  function pct(p) {
    return new Intl.NumberFormat(lang() === "ar" ? "ar" : "en", { style: "percent" }).format(p);
  }
  // a dd of parties, each with how sure the role labeller is of it (its calibrated probability, when it chose it)
  function partiesCell(id, parties) {
    const nodes = [];
    (parties || []).forEach((p, i) => {
      if (i) nodes.push("، ");
      nodes.push(names([p]));
      if (typeof p.p === "number") nodes.push(" (", el("bdi", { dir: "ltr" }, pct(p.p)), ")");
    });
    return nodes.length ? el("dd", { dir: "auto", id }, ...nodes) : el("dd", { id }, t("none"));
  }
  function dateText(d, published) {
    if (!d || !d.start) return published || "";
    return d.start === d.end || !d.end ? d.start : d.start + " – " + d.end;
  }
  function link(href, text, cls) {
    return el("a", { href, class: cls, onclick: (e) => {
      if (e.ctrlKey || e.metaKey || e.button !== 0) return;
      e.preventDefault();
      const u = new URL(href, location.origin);
      navigate(u.pathname, u.searchParams);
    } }, text);
  }

  // ---- language
  function applyLang() {
    const l = lang();
    document.documentElement.lang = l;
    document.documentElement.dir = l === "ar" ? "rtl" : "ltr";
    document.title = l === "ar" ? "رصد · rasd" : "rasd · رصد";
    for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
    const toggle = $("lang-toggle");
    toggle.textContent = l === "ar" ? "English" : "العربية";
    toggle.lang = l === "ar" ? "en" : "ar";
    if (meta) $("stats").textContent = t("stats").replace("{events}", num(meta.events)).replace("{articles}", num(meta.articles));
  }

  // ---- filter panel
  function fillSelect(name, values) {
    const sel = $("f-" + name), current = params().get(name) || "";
    sel.replaceChildren(el("option", { value: "" }, t("all")));
    const seen = new Set();
    for (const f of values || []) {
      let label = f.value;
      if (name === "type") label = typeLabel(f.value);
      else if (name === "modality") label = modLabel(f.value);
      else if (name === "country") label = countryLabel(f.value);
      else if (name === "actor" && lang() === "ar" && f.label_ar) label = f.label_ar;
      seen.add(f.value);
      sel.append(el("option", { value: f.value }, label + " (" + num(f.count) + ")"));
    }
    if (current && !seen.has(current)) sel.append(el("option", { value: current }, current));
    sel.value = current;
  }
  function syncInputs() {
    const p = params();
    $("f-q").value = p.get("q") || "";
    $("f-from").value = p.get("from") || "";
    $("f-to").value = p.get("to") || "";
    $("bbox-note").hidden = !p.get("bbox");
    $("interval").value = p.get("interval") || "week";
    const q = filterQuery();
    $("dl-csv").href = "/api/events.csv" + (String(q) ? "?" + q : "");
    $("dl-geojson").href = "/api/events.geojson" + (String(q) ? "?" + q : "");
  }
  function bindFilters() {
    for (const name of SELECTS) $("f-" + name).addEventListener("change", (e) => setFilter(name, e.target.value));
    for (const name of ["from", "to"]) $("f-" + name).addEventListener("change", (e) => setFilter(name, e.target.value));
    let typing = null;
    $("f-q").addEventListener("input", (e) => {
      clearTimeout(typing);
      typing = setTimeout(() => setFilter("q", e.target.value.trim()), 350);
    });
    $("filter-form").addEventListener("submit", (e) => e.preventDefault());
    $("reset").addEventListener("click", () => navigate("/", lang() === "en" ? { lang: "en" } : {}));
    $("clear-bbox").addEventListener("click", () => setFilter("bbox", ""));
    $("interval").addEventListener("change", (e) => {
      const p = params();
      p.set("interval", e.target.value);
      navigate("/", p, true);
    });
    $("more").addEventListener("click", () => loadEvents(true));
    $("lang-toggle").addEventListener("click", () => {
      const p = params();
      if (lang() === "ar") p.set("lang", "en"); else p.delete("lang");
      navigate(location.pathname, p, true);
    });
    $("home-link").addEventListener("click", (e) => {
      e.preventDefault();
      navigate("/", lang() === "en" ? { lang: "en" } : {});
    });
    window.addEventListener("popstate", route);
  }

  // ---- map
  function initMap() {
    if (map) return;
    map = L.map("map", { worldCopyJump: true, minZoom: 2, maxZoom: 14, preferCanvas: false }).setView([29, 42], 4);
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Natural Earth · Leaflet");
    borders = bordersData.then((topo) => {
      const land = topojson.feature(topo, topo.objects.countries);
      L.geoJSON(land, { interactive: false, style: { color: "#8a8f98", weight: 0.7, fillColor: "#eef0ea", fillOpacity: 1 } })
        .addTo(map).bringToBack();
    }).catch(() => status(t("error") + ": countries", true));
    cluster = L.markerClusterGroup({
      showCoverageOnHover: false, maxClusterRadius: 45,
      iconCreateFunction: (c) => {
        const n = c.getAllChildMarkers().reduce((s, m) => s + (m.options.count || 1), 0);
        const size = n < 10 ? "small" : n < 100 ? "medium" : "large";
        return L.divIcon({ html: "<span>" + n + "</span>", className: "ev-cluster ev-cluster-" + size, iconSize: [36, 36] });
      },
    });
    map.addLayer(cluster);
  }
  function placePopup(p) {
    const bbox = [p.lon - 0.01, p.lat - 0.01, p.lon + 0.01, p.lat + 0.01].map((v) => v.toFixed(5)).join(",");
    return el("div", { class: "popup", dir: lang() === "ar" ? "rtl" : "ltr" },
      el("strong", {}, p.name || ""), el("div", {}, [p.admin1, countryLabel(p.country)].filter(Boolean).join("، ")),
      el("div", {}, num(p.events) + " " + t("n_events")),
      el("button", { type: "button", class: "show-here", onclick: () => { map.closePopup(); setFilter("bbox", bbox); } },
        t("show_here")));
  }
  async function loadPlaces() {
    const data = await api("/api/places", filterQuery({ limit: "5000" }));
    cluster.clearLayers();
    const markers = data.items.map((p) => {
      const m = L.marker([p.lat, p.lon], {
        count: p.events, title: p.name || "", alt: p.name || "",
        icon: L.divIcon({ html: "<span>" + p.events + "</span>", className: "ev-marker", iconSize: [26, 26] }),
      });
      m.bindPopup(() => placePopup(p));
      return m;
    });
    if (!fitted && markers.length) {
      // the first view is fitted before the markers go in, and not animated: a zoom re-adds the clustered markers
      // when it ends (closing a popup opened meanwhile), so the list is ready only once they are laid out
      map.fitBounds(L.latLngBounds(markers.map((m) => m.getLatLng())).pad(0.1), { maxZoom: 7, animate: false });
      fitted = true;
    }
    cluster.addLayers(markers);
  }

  // ---- timeline
  function bucketEnd(start, interval) {
    const d = new Date(start + "T00:00:00Z");
    if (interval === "week") d.setUTCDate(d.getUTCDate() + 6);
    else if (interval === "month") { d.setUTCMonth(d.getUTCMonth() + 1); d.setUTCDate(0); }
    return d.toISOString().slice(0, 10);
  }
  async function loadTimeline() {
    const interval = params().get("interval") || "week";
    const data = await api("/api/events/timeline", filterQuery({ interval }));
    const svg = $("timeline"), NS = "http://www.w3.org/2000/svg";
    const width = Math.max(svg.clientWidth || 600, 200), height = 90;
    svg.setAttribute("viewBox", "0 0 " + width + " " + (height + 16));
    svg.replaceChildren();
    const b = data.buckets;
    if (!b.length) return;
    const max = Math.max(...b.map((x) => x.count)), w = width / b.length;
    b.forEach((x, i) => {
      const h = Math.max(1, (x.count / max) * height);
      const rect = document.createElementNS(NS, "rect");
      // time runs in the reading direction: right to left in Arabic
      const pos = lang() === "ar" ? width - (i + 1) * w : i * w;
      rect.setAttribute("x", pos + 0.5); rect.setAttribute("y", height - h);
      rect.setAttribute("width", Math.max(0.5, w - 1)); rect.setAttribute("height", h);
      rect.setAttribute("class", "bar");
      rect.dataset.date = x.date;
      const title = document.createElementNS(NS, "title");
      title.textContent = x.date + ": " + num(x.count);
      rect.append(title);
      rect.addEventListener("click", () => {
        const p = params();
        p.set("from", x.date); p.set("to", bucketEnd(x.date, interval));
        navigate("/", p);
      });
      svg.append(rect);
    });
    for (const [i, anchor] of [[0, "start"], [b.length - 1, "end"]]) {
      const label = document.createElementNS(NS, "text");
      const left = (lang() === "ar") === (i !== 0);
      label.setAttribute("x", left ? 2 : width - 2); label.setAttribute("y", height + 13);
      label.setAttribute("text-anchor", left ? "start" : "end");
      label.setAttribute("class", "axis");
      label.textContent = b[i].date;
      svg.append(label);
      void anchor;
    }
  }

  // ---- event list
  function eventRow(ev) {
    const place = ev.place ? [ev.place.name, countryLabel(ev.place.country)].filter(Boolean).join("، ") : "";
    const who = names(ev.actors), whom = names(ev.recipients);
    const counts = [["killed", ev.killed], ["injured", ev.injured]].filter(([, c]) => c)
      .map(([k, c]) => t(k) + " " + count(c)).join(" · ");
    return el("li", { class: "event", "data-id": ev.id },
      el("div", { class: "event-head" },
        el("span", { class: "badge type-" + ev.type }, typeLabel(ev.type)),
        ev.modes.length ? el("span", { class: "modes" }, ev.modes.join(", ")) : null,
        el("span", { class: "modality m-" + ev.modality }, modLabel(ev.modality)),
        el("span", { class: "date" }, dateText(ev.date, ev.published)),
        el("span", { class: "place" }, place)),
      who || whom ? el("div", { class: "parties", dir: "auto" }, who || "?", whom ? (lang() === "ar" ? " ← " : " → ") + whom : "") : null,
      counts ? el("div", { class: "counts" }, counts) : null,
      el("div", { class: "evidence", dir: "rtl", lang: "ar" }, ev.evidence || ""),
      el("div", { class: "source-line" }, [ev.outlet, ev.published].filter(Boolean).join(" · "), " ",
        link("/events/" + ev.id + (lang() === "en" ? "?lang=en" : ""), ev.title || ev.id, "open")));
  }
  async function loadEvents(more) {
    const query = filterQuery(more && nextCursor ? { cursor: nextCursor } : {});
    const data = await api("/api/events", query);
    const list = $("events");
    if (!more) list.replaceChildren();
    list.append(...data.items.map(eventRow));
    if (!data.items.length && !more) list.append(el("li", { class: "empty" }, t("no_events")));
    nextCursor = data.next;
    $("more").hidden = !data.next;
    $("total").textContent = "(" + num(data.total) + ")";
  }
  async function loadIncidents() {
    // the incident list takes the filters incidents know (one value each); others leave it hidden
    const box = $("incidents-box"), p = params(), q = new URLSearchParams({ limit: "8" });
    const simple = ["country", "type", "actor", "outlet", "from", "to"];
    const other = FILTERS.some((k) => p.get(k) && !simple.includes(k)) || simple.some((k) => (p.get(k) || "").includes(","));
    box.hidden = true;
    if (other) return;
    for (const k of simple) if (p.get(k)) q.set(k, p.get(k));
    const data = await api("/api/incidents", q);  // empty for a store not fused yet
    $("incidents").replaceChildren(...data.items.map((inc) => el("li", { class: "incident" },
      el("span", { class: "badge type-" + inc.type }, typeLabel(inc.type)), " ",
      el("span", { class: "date" }, dateText(inc.date)), " ",
      el("span", { class: "place" }, inc.place ? [inc.place.name, countryLabel(inc.place.country)].filter(Boolean).join("، ") : ""), " ",
      link("/incidents/" + encodeURIComponent(inc.id) + (lang() === "en" ? "?lang=en" : ""),
        num(inc.n_reports) + " " + t("reports") + " · " + inc.outlets.join("، "), "open"),
      inc.contradictions ? el("span", { class: "contra" }, " · " + t("contradictions") + ": " + num(inc.contradictions)) : null)));
    $("incidents-total").textContent = "(" + num(data.total) + ")";
    box.hidden = data.total === 0;
  }
  async function loadFacets() {
    const data = await api("/api/events/facets", filterQuery({ facet: SELECTS.join(","), size: "60" }));
    for (const name of SELECTS) fillSelect(name, data.facets[name]);
  }
  async function showList() {
    $("detail-view").hidden = true;
    $("list-view").hidden = false;
    initMap();
    map.invalidateSize();
    syncInputs();
    const key = String(filterQuery()) + "|" + lang() + "|" + (params().get("interval") || "");
    if (key === lastList) return;
    lastList = key;
    status(t("loading"));
    try {
      await Promise.all([loadEvents(false), loadFacets(), loadTimeline(), loadPlaces(), loadIncidents(), borders]);
      status("");
      document.body.dataset.ready = "list";
    } catch (e) { status(t("error") + ": " + e.message, true); }
  }

  // ---- event page
  function spanOf(x) {
    if (!x) return null;
    const s = x.start ?? x.span_start, e = x.end ?? x.span_end;
    return Number.isInteger(s) && Number.isInteger(e) && e > s ? [s, e] : null;
  }
  function highlighted(text, ev) {
    // offsets count Unicode code points, as Python does: index the text by code point
    const chars = Array.from(text || ""), cls = new Array(chars.length).fill("");
    const evid = spanOf(ev.evidence);
    const mark = (sp, c) => { if (sp) for (let i = sp[0]; i < Math.min(sp[1], chars.length); i++) cls[i] = c; };
    mark(evid, "hl-evidence");
    const parts = [["hl-date", [ev.date]], ["hl-place", [ev.place]], ["hl-actor", ev.actors || []],
      ["hl-recipient", ev.recipients || []], ["hl-source", ev.sources || []],
      ["hl-count", [ev.killed, ev.injured, ev.captured]], ["hl-trigger", ev.triggers || []]];
    for (const [c, items] of parts) {
      for (const it of items) {
        const sp = spanOf(it);
        if (sp) for (let i = sp[0]; i < Math.min(sp[1], chars.length); i++) {
          const inside = evid && i >= evid[0] && i < evid[1];
          cls[i] = (inside ? "hl-evidence " : "") + c;
        }
      }
    }
    const out = [];
    let i = 0;
    while (i < chars.length) {
      let j = i;
      while (j < chars.length && cls[j] === cls[i]) j++;
      const piece = chars.slice(i, j).join("");
      out.push(cls[i] ? el("mark", { class: "hl " + cls[i] }, piece) : document.createTextNode(piece));
      i = j;
    }
    return out;
  }
  function claimCard(c, own) {
    return el("article", { class: "claim" + (own ? " own" : ""), "data-id": c.id },
      el("header", {}, el("strong", {}, c.outlet || "?"), " ", el("span", { class: "date" }, c.published || ""),
        own ? el("span", { class: "own-tag" }, " · " + t("this_report")) : null),
      el("div", {}, el("span", { class: "badge type-" + c.type }, typeLabel(c.type)), " ",
        el("span", { class: "modality m-" + c.modality }, modLabel(c.modality))),
      el("dl", {},
        el("dt", {}, t("sources")), el("dd", { dir: "auto" }, names(c.sources) || t("none")),
        el("dt", {}, t("killed")), el("dd", {}, count(c.killed) || t("none")),
        el("dt", {}, t("injured")), el("dd", {}, count(c.injured) || t("none")),
        el("dt", {}, t("date")), el("dd", {}, dateText(c.date, c.published)),
        el("dt", {}, t("actors")), el("dd", { dir: "auto" }, names(c.actors) || t("none"))),
      el("blockquote", { dir: "rtl", lang: "ar" }, c.evidence || ""),
      own ? null : link("/events/" + c.id + (lang() === "en" ? "?lang=en" : ""), t("open_article"), "open"));
  }
  function legend() {
    const keys = [["hl-evidence", t("evidence")], ["hl-trigger", t("trigger")], ["hl-actor", t("actors")],
      ["hl-recipient", t("recipients")], ["hl-place", t("place")], ["hl-date", t("date")],
      ["hl-count", t("killed") + "/" + t("injured")], ["hl-source", t("sources")]];
    return el("div", { class: "legend" }, t("legend") + ": ",
      keys.map(([c, label]) => el("mark", { class: "hl " + c }, label)));
  }
  async function showEvent(id) {
    $("list-view").hidden = true;
    const view = $("detail-view");
    view.hidden = false;
    lastList = "";
    view.replaceChildren(el("p", {}, t("loading")));
    let ev;
    try { ev = await api("/api/events/" + encodeURIComponent(id)); } catch (e) {
      view.replaceChildren(link("/" + (lang() === "en" ? "?lang=en" : ""), "← " + t("back"), "back"),
        el("p", { class: "error" }, t("not_found") + ": " + e.message));
      return;
    }
    const full = ev.event || {};
    const place = ev.place ? [ev.place.name, ev.place.admin1, countryLabel(ev.place.country)].filter(Boolean).join("، ") : t("none");
    view.replaceChildren(
      link("/" + (lang() === "en" ? "?lang=en" : ""), "← " + t("back"), "back"),
      el("h1", { dir: "auto" }, ev.article.title || ev.article.id),
      el("div", { class: "facts" },
        el("span", { class: "badge type-" + ev.type }, typeLabel(ev.type)),
        ev.modes.length ? el("span", { class: "modes" }, ev.modes.join(", ")) : null,
        // how sure the modality models are of it (null where the hand rule's cue decided: a hedge, a plan, a denial)
        el("span", { class: "modality m-" + ev.modality, id: "modality",
          title: typeof full.modality_p === "number" ? t("modality_p_help") : null }, modLabel(ev.modality),
          typeof full.modality_p === "number" ? [" (", el("bdi", { dir: "ltr" }, pct(full.modality_p)), ")"] : null),
        el("dl", {},
          el("dt", {}, t("date")), el("dd", {}, dateText(ev.date, ev.published)),
          // how sure that place is (place_p: the probability the annotators would place the event there)
          el("dt", {}, t("place")), el("dd", { id: "place", title: typeof full.place_p === "number" ? t("place_p_help") : null },
            place, typeof full.place_p === "number" ? [" (", el("bdi", { dir: "ltr" }, pct(full.place_p)), ")"] : null),
          el("dt", {}, t("eventivity")), el("dd", { id: "eventivity", title: t("eventivity_help") },
            typeof full.eventivity === "number" ? el("bdi", { dir: "ltr" }, pct(full.eventivity)) : t("none")),
          el("dt", {}, t("actors")), partiesCell("actors", full.actors || ev.actors),
          el("dt", {}, t("recipients")), partiesCell("recipients", full.recipients || ev.recipients),
          el("dt", {}, t("sources")), el("dd", { dir: "auto" }, names(ev.sources) || t("none")),
          el("dt", {}, t("killed")), el("dd", {}, count(ev.killed) || t("none")),
          el("dt", {}, t("injured")), el("dd", {}, count(ev.injured) || t("none")),
          el("dt", {}, t("outlet")), el("dd", {}, [ev.article.outlet, ev.article.published].filter(Boolean).join(" · ")))),
      ev.incident_id ? el("p", { class: "incident-link" }, link("/incidents/" + encodeURIComponent(ev.incident_id) +
        (lang() === "en" ? "?lang=en" : ""), t("incident") + ": " + ev.incident_id + " →", "to-incident")) : null,
      el("h2", {}, t("article")), legend(),
      el("div", { class: "article-text", dir: "rtl", lang: "ar", id: "article-text" }, highlighted(ev.article.text, full)),
      el("h2", {}, t("claims") + " (" + num(ev.claims.length) + ")"),
      el("div", { class: "claims", id: "claims" }, ev.claims.map((c, i) => claimCard(c, i === 0))));
    const first = view.querySelector(".hl-evidence");
    if (first) first.scrollIntoView({ block: "center" });
    document.body.dataset.ready = "event";
  }

  // ---- incident page: every report's claim side by side
  function incidentCard(r) {
    const evid = Array.isArray(r.evidence) ? r.evidence : [r.evidence].filter(Boolean);
    const srcs = (r.sources || []).map((x) => (typeof x === "string" ? x : x.name || x.text)).join("، ");
    const ids = r.event_ids || [];
    return el("article", { class: "claim", "data-doc": r.doc_id },
      el("header", {}, el("strong", {}, r.outlet || "?"), " ", el("span", { class: "date" }, r.published || "")),
      el("div", {}, el("span", { class: "modality m-" + r.modality }, modLabel(r.modality))),
      el("dl", {},
        el("dt", {}, t("sources")), el("dd", { dir: "auto" }, srcs || t("none")),
        el("dt", {}, t("killed")), el("dd", {}, count(r.killed) || t("none")),
        el("dt", {}, t("injured")), el("dd", {}, count(r.injured) || t("none")),
        el("dt", {}, t("actors")), el("dd", { dir: "auto" }, (r.actors || []).join("، ") || t("none")),
        el("dt", {}, t("place")), el("dd", {}, r.place || t("none"))),
      evid.map((x) => el("blockquote", { dir: "rtl", lang: "ar" }, x)),
      ids.length ? link("/events/" + ids[0] + (lang() === "en" ? "?lang=en" : ""), t("open_article"), "open") : null);
  }
  function figure(c) {
    if (!c || c.best === null || c.best === undefined) return t("none");
    const range = c.low !== c.high ? " (" + num(c.low) + "–" + (c.high === null ? "?" : num(c.high)) + ")" : "";
    return el("span", {}, el("bdi", { dir: "ltr" }, num(c.best) + range), c.rule ? el("span", { class: "rule", dir: "auto" }, " · " + c.rule) : null);
  }
  async function showIncident(id) {
    $("list-view").hidden = true;
    const view = $("detail-view");
    view.hidden = false;
    lastList = "";
    let inc;
    try { inc = await api("/api/incidents/" + encodeURIComponent(id)); } catch (e) {
      view.replaceChildren(link("/" + (lang() === "en" ? "?lang=en" : ""), "← " + t("back"), "back"),
        el("p", { class: "error" }, t("not_found") + ": " + e.message));
      return;
    }
    const place = inc.place ? [inc.place.name, inc.place.admin1, countryLabel(inc.place.country)].filter(Boolean).join("، ") : "";
    view.replaceChildren(
      link("/" + (lang() === "en" ? "?lang=en" : ""), "← " + t("back"), "back"),
      el("h1", {}, t("incident") + " " + inc.id),
      el("div", { class: "facts" },
        el("span", { class: "badge type-" + inc.type }, typeLabel(inc.type)),
        el("dl", {},
          el("dt", {}, t("date")), el("dd", {}, dateText(inc.date)),
          el("dt", {}, t("place")), el("dd", {}, place || t("none")),
          el("dt", {}, t("killed")), el("dd", {}, figure(inc.killed)),
          el("dt", {}, t("injured")), el("dd", {}, figure(inc.injured)),
          el("dt", {}, t("reports")), el("dd", {}, num(inc.n_reports) + " / " + num(inc.n_outlets) + " " + t("outlet")))),
      inc.contradictions && inc.contradictions.length ? el("section", { class: "contradictions" },
        el("h2", {}, t("contradictions")),
        el("ul", {}, inc.contradictions.map((c) => el("li", { dir: "auto" }, c.what)))) : null,
      el("h2", {}, t("claims") + " (" + num((inc.reports || []).length) + ")"),
      el("div", { class: "claims", id: "claims" }, (inc.reports || []).map(incidentCard)));
    document.body.dataset.ready = "incident";
  }

  // ---- routing
  function route() {
    applyLang();
    document.body.dataset.ready = "";
    const path = location.pathname;
    if (path.startsWith("/events/")) showEvent(decodeURIComponent(path.slice(8)));
    else if (path.startsWith("/incidents/")) showIncident(decodeURIComponent(path.slice(11)));
    else showList();
  }
  function start() {
    bindFilters();
    api("/api/meta").then((m) => { meta = m; applyLang(); })
      .catch((e) => status(t("error") + ": " + e.message, true));
    route();
  }
  start();
})();
