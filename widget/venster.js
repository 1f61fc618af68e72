/*! venster — the <venster-configurator> custom element. One file, no dependencies. See widget/ARCHITECTURE.md. */
(() => {
  "use strict";

  // ---------------------------------------------------------------------------------------------
  // 1. Boot: run once per page, however often the script is included.
  // ---------------------------------------------------------------------------------------------
  const TAG = "venster-configurator";
  if (typeof window === "undefined" || !window.customElements || customElements.get(TAG)) return;

  // The API is wherever this script came from. currentScript is only set while the script runs.
  const ORIGIN = (() => {
    const me = document.currentScript;
    try {
      return new URL(me && me.src ? me.src : location.href).origin;
    } catch (e) {
      return location.origin;
    }
  })();

  const LANGS = ["nl", "en", "de"];
  const LOCALES = { nl: "nl-NL", en: "en-GB", de: "de-DE" };
  const COUNTRIES = ["NL", "BE", "DE", "LU", "FR", "AT", "CH", "GB", "DK", "PL", "ES", "IT"];
  const DEFAULT_COUNTRY = { nl: "NL", en: "NL", de: "DE" };
  const POSTCODES = { NL: [/^[1-9][0-9]{3} ?[A-Z]{2}$/, "1234 AB"], BE: [/^[1-9][0-9]{3}$/, "1000"], DE: [/^[0-9]{5}$/, "10115"] };
  const DEBOUNCE_MS = 150;
  const SVG_NS = "http://www.w3.org/2000/svg";
  const MAX_ITEMS = 50;

  // ---------------------------------------------------------------------------------------------
  // 2. Texts. The catalog supplies product words; these are the widget's own.
  // ---------------------------------------------------------------------------------------------
  const TEXTS = {
    en: {
      product: "Product", loading: "Loading the configurator…", loadFailed: "The configurator could not be loaded.",
      noDealer: "This configurator is not available.", retry: "Try again",
      step1: "Size and layout", step2: "Opening type", step3: "Colours", step4: "Glass and extras", step5: "Add to your list",
      width: "Width", height: "Height", range: "From {min} to {max}",
      small: "That is very small. Did you mean {v}?", use: "Use {v}",
      layout: "Layout", openHint: "Click a section in the drawing, or choose here.",
      sections: { main: "Window", left: "Left section", right: "Right section", middle: "Middle section",
        top: "Top light", bottom: "Bottom section" },
      sectionN: "Section {id}", fill: "Fill", fills: { glass: "Glass", panel: "Panel" },
      bars: "Glazing bars", rows: "Rows", cols: "Columns",
      divisions: "Section sizes", divW: "Width of {s}", divH: "Height of {s}", divN: "Division {id}",
      heldMin: "Cannot go smaller: {r}", heldMax: "Cannot go larger: {r}",
      notNow: "Not available now", changeIt: "Change it", chosen: "Chosen: {v}",
      price: "Your price", priceN: "Your price for {n}", incl: "incl. VAT", excl: "excl. VAT", vat: "VAT",
      vatR: "VAT {r}%", total: "Total",
      feeOnce: "+ {label} {amount}, once per order", roundNote: "VAT computed over the whole order", updating: "Updating…", details: "Price details",
      noPrice: "No price yet: please correct the marked choices.", qty: "Quantity",
      add: "Add to my list", save: "Save changes", cancel: "Cancel", editing: "You are editing window {n}.",
      added: "Added to your list ({n}).", saved: "Changes saved.", toForm: "Request a quote",
      share: "Share this window", shareLabel: "Link to this window", copied: "Link copied.",
      listTitle: "Your windows", edit: "Edit", remove: "Remove", removed: "Window removed.",
      note: "Room or note (optional)", listTotal: "Total for all windows", windows: ["{n} window", "{n} windows"],
      contact: "Your details", f_name: "Name", f_email: "E-mail", f_phone: "Phone", f_company: "Company (optional)",
      f_street: "Street", f_house_number: "House number", f_postcode: "Postcode", f_city: "City",
      f_country: "Country", f_message: "Message (optional)",
      required: "Please fill this in.", badEmail: "Enter an e-mail address like name@example.nl.",
      badPhone: "Enter a phone number like +31 20 123 4567.", badPostcode: "Enter a postcode like {ex}.",
      tooLong: "At most {n} characters.",
      privacy: "We use your details only to answer your request.", privacyLink: "Read our privacy notice",
      marketing: "Keep me informed about offers and news (optional)", honeypot: "Leave this field empty",
      send: "Request a quote", sending: "Sending…", fixErrors: "Please check the marked fields.",
      itemProblem: "This window needs a change: {m}",
      thanks: "Thank you! Your request has been sent.", ref: "Your reference",
      thanksText: "{dealer} will contact you soon. Please keep the reference.", again: "Configure another window",
      netError: "The server could not be reached. Please check your connection.",
      serverError: "Something went wrong on our side. Please try again.",
      cannotSend: "Your request cannot be sent right now. Please contact {dealer} directly.",
      tooMany: "Too many requests. Please try again in {n} minutes.",
      forbidden: "This website may not send requests to this dealer.",
      drawing: "Drawing of the window, {w} by {h}", outside: "seen from outside", inside: "seen from inside",
      pick: "Click a section to choose how it opens.", sectionBtn: "{s}: {o}. Choose the opening type.",
      noDrawing: "Drawing not available",
    },
    nl: {
      product: "Product", loading: "Configurator laden…", loadFailed: "De configurator kon niet worden geladen.",
      noDealer: "Deze configurator is niet beschikbaar.", retry: "Opnieuw proberen",
      step1: "Maat en indeling", step2: "Draairichting", step3: "Kleuren", step4: "Glas en opties", step5: "Op uw lijst",
      width: "Breedte", height: "Hoogte", range: "Van {min} tot {max}",
      small: "Dat is erg klein. Bedoelt u {v}?", use: "Gebruik {v}",
      layout: "Indeling", openHint: "Klik op een vak in de tekening, of kies hier.",
      sections: { main: "Raam", left: "Linkervak", right: "Rechtervak", middle: "Middenvak", top: "Bovenlicht",
        bottom: "Ondervak" },
      sectionN: "Vak {id}", fill: "Vulling", fills: { glass: "Glas", panel: "Paneel" },
      bars: "Roeden", rows: "Rijen", cols: "Kolommen",
      divisions: "Maten van de vakken", divW: "Breedte {s}", divH: "Hoogte {s}", divN: "Verdeling {id}",
      heldMin: "Kan niet kleiner: {r}", heldMax: "Kan niet groter: {r}",
      notNow: "Nu niet mogelijk", changeIt: "Pas aan", chosen: "Gekozen: {v}",
      price: "Uw prijs", priceN: "Uw prijs voor {n}", incl: "incl. btw", excl: "excl. btw", vat: "Btw",
      vatR: "Btw {r}%", total: "Totaal",
      feeOnce: "+ {label} {amount}, eenmalig per bestelling", roundNote: "btw berekend over de hele bestelling", updating: "Bijwerken…", details: "Prijsopbouw",
      noPrice: "Nog geen prijs: pas de gemarkeerde keuzes aan.", qty: "Aantal",
      add: "Zet op mijn lijst", save: "Wijzigingen opslaan", cancel: "Annuleren",
      editing: "U bewerkt raam {n}.", added: "Op uw lijst gezet ({n}).", saved: "Wijzigingen opgeslagen.",
      toForm: "Offerte aanvragen",
      share: "Deel dit raam", shareLabel: "Link naar dit raam", copied: "Link gekopieerd.",
      listTitle: "Uw ramen", edit: "Bewerken", remove: "Verwijderen", removed: "Raam verwijderd.",
      note: "Ruimte of opmerking (optioneel)", listTotal: "Totaal voor alle ramen", windows: ["{n} raam", "{n} ramen"],
      contact: "Uw gegevens", f_name: "Naam", f_email: "E-mail", f_phone: "Telefoon", f_company: "Bedrijf (optioneel)",
      f_street: "Straat", f_house_number: "Huisnummer", f_postcode: "Postcode", f_city: "Plaats",
      f_country: "Land", f_message: "Bericht (optioneel)",
      required: "Vul dit in.", badEmail: "Vul een e-mailadres in zoals naam@voorbeeld.nl.",
      badPhone: "Vul een telefoonnummer in zoals 020 123 4567.", badPostcode: "Vul een postcode in zoals {ex}.",
      tooLong: "Maximaal {n} tekens.",
      privacy: "Wij gebruiken uw gegevens alleen om uw aanvraag te beantwoorden.",
      privacyLink: "Lees onze privacyverklaring", marketing: "Houd mij op de hoogte van aanbiedingen en nieuws (optioneel)",
      honeypot: "Laat dit veld leeg", send: "Offerte aanvragen", sending: "Versturen…",
      fixErrors: "Controleer de gemarkeerde velden.", itemProblem: "Dit raam moet worden aangepast: {m}",
      thanks: "Bedankt! Uw aanvraag is verstuurd.", ref: "Uw referentie",
      thanksText: "{dealer} neemt spoedig contact met u op. Bewaar de referentie.", again: "Nog een raam samenstellen",
      netError: "De server is niet bereikbaar. Controleer uw verbinding.",
      serverError: "Er ging bij ons iets mis. Probeer het opnieuw.",
      cannotSend: "Uw aanvraag kan nu niet worden verzonden. Neem rechtstreeks contact op met {dealer}.",
      tooMany: "Te veel aanvragen. Probeer het over {n} minuten opnieuw.",
      forbidden: "Deze website mag geen aanvragen sturen naar deze dealer.",
      drawing: "Tekening van het raam, {w} bij {h}", outside: "gezien van buiten", inside: "gezien van binnen",
      pick: "Klik op een vak om de draairichting te kiezen.", sectionBtn: "{s}: {o}. Kies de draairichting.",
      noDrawing: "Tekening niet beschikbaar",
    },
    de: {
      product: "Produkt", loading: "Konfigurator wird geladen…", loadFailed: "Der Konfigurator konnte nicht geladen werden.",
      noDealer: "Dieser Konfigurator ist nicht verfügbar.", retry: "Erneut versuchen",
      step1: "Maß und Aufteilung", step2: "Öffnungsart", step3: "Farben", step4: "Glas und Extras", step5: "Auf Ihre Liste",
      width: "Breite", height: "Höhe", range: "Von {min} bis {max}",
      small: "Das ist sehr klein. Meinten Sie {v}?", use: "{v} verwenden",
      layout: "Aufteilung", openHint: "Klicken Sie auf ein Feld in der Zeichnung oder wählen Sie hier.",
      sections: { main: "Fenster", left: "Linkes Feld", right: "Rechtes Feld", middle: "Mittleres Feld",
        top: "Oberlicht", bottom: "Unteres Feld" },
      sectionN: "Feld {id}", fill: "Füllung", fills: { glass: "Glas", panel: "Paneel" },
      bars: "Sprossen", rows: "Reihen", cols: "Spalten",
      divisions: "Feldmaße", divW: "Breite: {s}", divH: "Höhe: {s}", divN: "Teilung {id}",
      heldMin: "Nicht kleiner möglich: {r}", heldMax: "Nicht größer möglich: {r}",
      notNow: "Derzeit nicht möglich", changeIt: "Anpassen", chosen: "Gewählt: {v}",
      price: "Ihr Preis", priceN: "Ihr Preis für {n}", incl: "inkl. MwSt.", excl: "zzgl. MwSt.", vat: "MwSt.",
      vatR: "MwSt. {r} %", total: "Gesamt",
      feeOnce: "+ {label} {amount}, einmalig pro Bestellung", roundNote: "MwSt. über die gesamte Bestellung berechnet", updating: "Wird aktualisiert…", details: "Preisaufstellung",
      noPrice: "Noch kein Preis: bitte die markierten Angaben korrigieren.", qty: "Anzahl",
      add: "Auf meine Liste", save: "Änderungen speichern", cancel: "Abbrechen",
      editing: "Sie bearbeiten Fenster {n}.", added: "Auf Ihre Liste gesetzt ({n}).", saved: "Änderungen gespeichert.",
      toForm: "Angebot anfordern",
      share: "Dieses Fenster teilen", shareLabel: "Link zu diesem Fenster", copied: "Link kopiert.",
      listTitle: "Ihre Fenster", edit: "Bearbeiten", remove: "Entfernen", removed: "Fenster entfernt.",
      note: "Raum oder Notiz (optional)", listTotal: "Summe aller Fenster", windows: ["{n} Fenster", "{n} Fenster"],
      contact: "Ihre Angaben", f_name: "Name", f_email: "E-Mail", f_phone: "Telefon", f_company: "Firma (optional)",
      f_street: "Straße", f_house_number: "Hausnummer", f_postcode: "Postleitzahl", f_city: "Ort",
      f_country: "Land", f_message: "Nachricht (optional)",
      required: "Bitte ausfüllen.", badEmail: "Bitte eine E-Mail-Adresse wie name@beispiel.de eingeben.",
      badPhone: "Bitte eine Telefonnummer wie +49 30 123456 eingeben.", badPostcode: "Bitte eine Postleitzahl wie {ex} eingeben.",
      tooLong: "Höchstens {n} Zeichen.",
      privacy: "Wir verwenden Ihre Angaben nur, um Ihre Anfrage zu beantworten.",
      privacyLink: "Unsere Datenschutzerklärung", marketing: "Über Angebote und Neuigkeiten informieren (optional)",
      honeypot: "Dieses Feld leer lassen", send: "Angebot anfordern", sending: "Wird gesendet…",
      fixErrors: "Bitte prüfen Sie die markierten Felder.", itemProblem: "Dieses Fenster muss geändert werden: {m}",
      thanks: "Vielen Dank! Ihre Anfrage wurde gesendet.", ref: "Ihre Referenz",
      thanksText: "{dealer} meldet sich in Kürze. Bitte bewahren Sie die Referenz auf.",
      again: "Weiteres Fenster konfigurieren",
      netError: "Der Server ist nicht erreichbar. Bitte prüfen Sie Ihre Verbindung.",
      serverError: "Bei uns ist etwas schiefgegangen. Bitte erneut versuchen.",
      cannotSend: "Ihre Anfrage kann gerade nicht gesendet werden. Bitte wenden Sie sich direkt an {dealer}.",
      tooMany: "Zu viele Anfragen. Bitte in {n} Minuten erneut versuchen.",
      forbidden: "Diese Website darf keine Anfragen an diesen Händler senden.",
      drawing: "Zeichnung des Fensters, {w} mal {h}", outside: "Ansicht von außen", inside: "Ansicht von innen",
      pick: "Klicken Sie auf ein Feld, um die Öffnungsart zu wählen.", sectionBtn: "{s}: {o}. Öffnungsart wählen.",
      noDrawing: "Zeichnung nicht verfügbar",
    },
  };

  // ---------------------------------------------------------------------------------------------
  // 3. Small helpers: DOM building without innerHTML, text filling, encoding.
  // ---------------------------------------------------------------------------------------------
  const PROPS = { value: 1, checked: 1, disabled: 1, hidden: 1, selected: 1, readOnly: 1, open: 1, defaultValue: 1 };

  /** Report an error inside the widget instead of letting it reach the host page. */
  let onFault = (err) => { if (window.console) console.warn("venster:", err); };

  /** A listener that never throws into the page (sync errors and rejected promises alike). */
  function guard(fn) {
    return function (ev) {
      try {
        const r = fn.call(this, ev);
        if (r && typeof r.catch === "function") r.catch(onFault);
      } catch (err) {
        onFault(err);
      }
    };
  }

  function append(el, kids) {
    for (const kid of kids) {
      if (kid == null || kid === false) continue;
      if (Array.isArray(kid)) append(el, kid);
      else el.append(kid instanceof Node ? kid : String(kid));
    }
    return el;
  }

  /** Replace an element's children; null and false are skipped (replaceChildren would print "null"). */
  function put(el, ...kids) {
    el.replaceChildren();
    return append(el, kids);
  }

  function h(tag, props, ...kids) {
    const el = document.createElement(tag);
    if (props) {
      for (const k of Object.keys(props)) {
        const v = props[k];
        if (v == null || v === false) continue;
        if (k === "class") el.className = v;
        else if (k === "text") el.textContent = v;
        else if (k.slice(0, 2) === "on") el.addEventListener(k.slice(2), guard(v));
        else if (PROPS[k]) el[k] = v;
        else el.setAttribute(k, v === true ? "" : String(v));
      }
    }
    return append(el, kids);
  }

  function sv(tag, attrs, ...kids) {
    const el = document.createElementNS(SVG_NS, tag);
    for (const k of Object.keys(attrs || {})) el.setAttribute(k, String(attrs[k]));
    return append(el, kids);
  }

  const fill = (text, vars) => String(text).replace(/\{(\w+)\}/g, (m, k) => (vars && k in vars ? vars[k] : m));
  const clone = (v) => JSON.parse(JSON.stringify(v));

  // Money shown beside the server's figures is worked in whole cents (integers): no float error.
  const cents = (text) => Math.round(Number(text) * 100);
  const fromCents = (c) => (c / 100).toFixed(2);

  /** VAT on ``c`` cents at ``rate`` ("21", "5.5"), rounded half up to a cent as server/engine/money.py does. */
  function vatCents(c, rate) {
    const [whole, frac = ""] = String(rate).split(".");
    const num = Number(whole + frac);
    const den = 100 * 10 ** frac.length;
    const x = Math.abs(c * num);
    return Math.sign(c) * Math.floor((2 * x + den) / (2 * den));
  }

  /** A line as shown incl. VAT: its amount plus its VAT at its own rate, rounded to cents. */
  const inclCents = (line) => cents(line.amount) + vatCents(cents(line.amount), line.vat_rate);

  /**
   * One window's own price when the server's single-window answer also holds fees once per order:
   * the window's lines only, VAT per rate over them (as evaluate-list prices each item), so the
   * price shown for the window equals its row on the list. Without such fees: the server's figures.
   */
  function windowPrice(price) {
    const own = price.lines.filter((l) => !l.per_order);
    if (own.length === price.lines.length) return price;
    const bases = new Map();
    for (const l of own) bases.set(l.vat_rate, (bases.get(l.vat_rate) || 0) + cents(l.amount));
    let sub = 0;
    let vat = 0;
    for (const [rate, base] of bases) {
      sub += base;
      vat += vatCents(base, rate);
    }
    return Object.assign({}, price, { lines: own, subtotal: fromCents(sub), vat: fromCents(vat), total: fromCents(sub + vat) });
  }
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

  function b64url(text) {
    let bin = "";
    for (const b of new TextEncoder().encode(text)) bin += String.fromCharCode(b);
    return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function unb64url(text) {
    const b64 = text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4);
    const bin = atob(b64);
    return new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
  }

  /** A random UUID v4; crypto.randomUUID is missing on plain-http dealer sites. */
  function uuid() {
    if (window.crypto && crypto.randomUUID && window.isSecureContext) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    const x = Array.from(b, (n) => n.toString(16).padStart(2, "0")).join("");
    return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
  }

  // ---------------------------------------------------------------------------------------------
  // 4. Units: sizes are integer mm everywhere; imperial dealers see and type inches.
  // ---------------------------------------------------------------------------------------------
  const IMPERIAL = /^(?:(\d+(?:\.\d+)?)\s*(?:'|ft|feet|foot)\s*-?\s*)?(?:(\d+(?:\.\d+)?)(?:\s*[\s-]\s*(\d+)\/(\d+))?|(\d+)\/(\d+))?\s*(?:"|''|in|inch|inches)?$/;

  /** Inches from text such as `36`, `36.5`, `36 1/2`, `3' 6"`; null when it is not a length. */
  function parseInches(text) {
    const s = String(text).trim().toLowerCase().replace(/,/g, ".").replace(/[″”“]/g, '"').replace(/[′’‘]/g, "'");
    const m = IMPERIAL.exec(s);
    if (!s || !m || (m[1] == null && m[2] == null && m[5] == null)) return null;
    let inches = m[1] ? Number(m[1]) * 12 : 0;
    if (m[2]) inches += Number(m[2]);
    if (m[3]) {
      if (Number(m[4]) === 0) return null;
      inches += Number(m[3]) / Number(m[4]);
    }
    if (m[5]) {
      if (Number(m[6]) === 0) return null;
      inches += Number(m[5]) / Number(m[6]);
    }
    return Math.round(inches * 16) / 16; // to 1/16 inch
  }

  /** Millimetres from what the homeowner typed; floats kept for the "did you mean" check. */
  function parseLength(text, units) {
    if (units === "imperial") {
      const inches = parseInches(text);
      return inches == null ? null : inches * 25.4;
    }
    const s = String(text).trim().replace(",", ".");
    return /^\d+(?:\.\d+)?$/.test(s) ? Number(s) : null;
  }

  /** `47 1/4` for 1200 mm: whole inches and a reduced sixteenth fraction. */
  function inchText(mm) {
    const sixteenths = Math.round((mm / 25.4) * 16);
    const whole = Math.floor(sixteenths / 16);
    let num = sixteenths % 16;
    let den = 16;
    while (num && num % 2 === 0) {
      num /= 2;
      den /= 2;
    }
    return num ? (whole ? `${whole} ${num}/${den}` : `${num}/${den}`) : String(whole);
  }

  // ---------------------------------------------------------------------------------------------
  // 5. Layout geometry: where each section sits, for the placeholder drawing and layout icons.
  // ---------------------------------------------------------------------------------------------
  /** Leaves of a layout tree as rectangles; a division's value is the size of the part before it. */
  function leaves(node, x, y, w, hgt, divs, out) {
    if (node.section) {
      out.push({ id: node.section, x, y, w, h: hgt });
      return out;
    }
    const cols = node.split === "columns";
    const total = cols ? w : hgt;
    const parts = node.parts || [];
    let pos = 0;
    parts.forEach((part, i) => {
      const d = (node.divisions || [])[i];
      const given = d && divs && typeof divs[d.id] === "number" ? divs[d.id] : null;
      const size = i === parts.length - 1 ? total - pos : given != null ? given : total / parts.length;
      if (cols) leaves(part, x + pos, y, size, hgt, divs, out);
      else leaves(part, x, y + pos, w, size, divs, out);
      pos += size;
    });
    return out;
  }

  /** Every division of a layout: its id, its axis and the section it sizes (the part before it). */
  function divisionsOf(node, out) {
    if (node.section) return out;
    (node.divisions || []).forEach((d, i) => {
      const part = node.parts[i];
      out.push({ id: d.id, axis: node.split === "columns" ? "width_mm" : "height_mm", section: part && part.section });
    });
    for (const part of node.parts || []) divisionsOf(part, out);
    return out;
  }

  function layoutIcon(layout) {
    const cells = leaves(layout.root, 2, 2, 40, 28, null, []);
    return sv("svg", { viewBox: "0 0 44 32", width: 44, height: 32, "aria-hidden": "true", focusable: "false" },
      sv("rect", { x: 1, y: 1, width: 42, height: 30, rx: 2, fill: "#ffffff", stroke: "currentColor", "stroke-width": 2 }),
      cells.map((c) => sv("rect", { x: c.x + 1.5, y: c.y + 1.5, width: Math.max(1, c.w - 3), height: Math.max(1, c.h - 3),
        fill: "#d4e5ee", stroke: "currentColor", "stroke-width": 1 })));
  }

  // ---------------------------------------------------------------------------------------------
  // 6. Drawings: the server's SVG inlined (cleaned), or a neutral placeholder.
  // ---------------------------------------------------------------------------------------------
  const UNSAFE = "script,foreignObject,iframe,image,use,a,style,animate,set,animateMotion,animateTransform,link,object,embed";

  /** Parse SVG text as inert XML, drop anything active or external, import it into this document. */
  function cleanSvg(text) {
    const doc = new DOMParser().parseFromString(text, "image/svg+xml");
    const root = doc.documentElement;
    if (!root || root.localName !== "svg" || doc.getElementsByTagName("parsererror").length) return null;
    root.querySelectorAll(UNSAFE).forEach((n) => n.remove());
    for (const el of [root, ...root.querySelectorAll("*")]) {
      for (const a of Array.from(el.attributes)) {
        const name = a.name.toLowerCase();
        const value = a.value.trim().toLowerCase();
        if (name.slice(0, 2) === "on" || name === "style" || name === "href" || name === "xlink:href" ||
            /^(javascript|data|vbscript):/.test(value) || (value.includes("url(") && !value.includes("url(#"))) {
          el.removeAttribute(a.name);
        }
      }
    }
    return document.importNode(root, true);
  }

  /** A schematic window: frame, sections with their names, the size below; clickable like the real one. */
  function placeholder(cfg, layout, colour, texts, lenText, mirrored) {
    const W = cfg.width_mm || 1000;
    const H = cfg.height_mm || 1000;
    const frame = Math.max(20, Math.min(70, Math.min(W, H) * 0.06));
    const pad = Math.max(W, H) * 0.04;
    const font = Math.max(W, H) * 0.04;
    const svg = sv("svg", { viewBox: `${-pad} ${-pad} ${W + 2 * pad} ${H + pad * 2 + font * 2}`, "data-placeholder": "" });
    svg.append(sv("rect", { x: 0, y: 0, width: W, height: H, fill: colour, stroke: "#6e7171", "stroke-width": frame / 12 }));
    for (const c of leaves(layout.root, 0, 0, W, H, cfg.divisions || {}, [])) {
      const x = mirrored ? W - c.x - c.w : c.x;
      const inset = frame / 2;
      const g = sv("g", { "data-section": c.id });
      g.append(sv("rect", { x: x + inset, y: c.y + inset, width: Math.max(1, c.w - 2 * inset), height: Math.max(1, c.h - 2 * inset),
        fill: "#d4e5ee", stroke: "#6e7171", "stroke-width": frame / 12 }));
      const sec = (cfg.sections || {})[c.id];
      const lines = texts(c.id, sec && sec.opening);
      const longest = Math.max(...lines.map((l) => l.length), 4);
      const size = Math.min(font, (c.w * 0.8) / (longest * 0.56), c.h / 5);
      lines.forEach((line, i) => g.append(sv("text", { x: x + c.w / 2, y: c.y + c.h / 2 + (i - (lines.length - 1) / 2) * size * 1.3,
        "text-anchor": "middle", "dominant-baseline": "middle", "font-size": size, "font-weight": i ? 400 : 700,
        fill: "#1d2327", "font-family": "Arial, sans-serif" }, line)));
      svg.append(g);
    }
    svg.append(sv("text", { x: W / 2, y: H + pad + font, "text-anchor": "middle", "font-size": font, fill: "#1d2327",
      "font-family": "Arial, sans-serif" }, `${lenText(W)} × ${lenText(H)}`));
    return svg;
  }

  // ---------------------------------------------------------------------------------------------
  // 7. HTTP: only ever to ORIGIN, never with cookies; failures come back as values, not throws.
  // ---------------------------------------------------------------------------------------------
  class NetError extends Error {}

  async function call(path, opts) {
    const o = opts || {};
    const headers = Object.assign(o.body != null ? { "Content-Type": "application/json" } : {}, o.headers || {});
    let res;
    try {
      res = await fetch(ORIGIN + path, { method: o.method || "GET", headers, body: o.body, signal: o.signal,
        credentials: "omit", mode: "cors", referrerPolicy: "strict-origin-when-cross-origin" });
    } catch (err) {
      if (err && err.name === "AbortError") throw err;
      throw new NetError(String(err));
    }
    let data = null;
    try {
      data = await res.json();
    } catch (e) {
      data = null;
    }
    return { status: res.status, data, retryAfter: Number(res.headers.get("Retry-After")) || 0 };
  }

  /** Only drawings on our own origin are fetched: the page must talk to no other host. */
  function ownUrl(path) {
    try {
      const u = new URL(path, ORIGIN);
      return u.origin === ORIGIN ? u.href : null;
    } catch (e) {
      return null;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // 8. Styles: one constructable sheet shared by every instance; px only; resets what leaks in.
  // ---------------------------------------------------------------------------------------------
  const STYLE = `
:host{all:initial;display:block;--vs-accent:#1f5f8b;--vs-on:#fff;--vs-ink:#1f5f8b;--vs-soft:#e9f0f5}
:host([hidden]){display:none}
*,*::before,*::after{box-sizing:border-box}
[hidden]{display:none!important}
.vs{container-type:inline-size;font:400 15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1d2327;text-align:left;letter-spacing:normal;word-spacing:normal;text-transform:none;text-indent:0;text-shadow:none;white-space:normal;visibility:visible;cursor:auto;direction:ltr;-webkit-font-smoothing:antialiased;background:#f4f5f7;border:1px solid #dde1e6;border-radius:16px;--pad:16px;padding:var(--pad)}
h2,h3,p,ul,ol,fieldset,legend,figure,table{margin:0;padding:0}
h2{font-size:21px;line-height:1.25;font-weight:700}
h3{font-size:16px;line-height:1.3;font-weight:700;display:flex;align-items:center;gap:10px;margin-bottom:12px}
h3 .n{display:inline-grid;place-items:center;width:26px;height:26px;border-radius:50%;background:var(--vs-accent);color:var(--vs-on);font-size:13px;flex:none}
ul{list-style:none}
button,input,select,textarea{font:inherit;color:inherit;margin:0}
a{color:var(--vs-ink)}
:focus-visible{outline:3px solid var(--vs-accent);outline-offset:2px}
.sr{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);clip-path:inset(50%);white-space:nowrap;border:0;padding:0;margin:-1px}
.grid{display:grid;grid-template-columns:minmax(0,1fr);gap:16px}
.card{background:#fff;border:1px solid #e1e5ea;border-radius:12px;padding:16px}
.aside{display:flex;flex-direction:column;gap:16px;min-width:0}
.controls{display:flex;flex-direction:column;gap:16px;min-width:0}
.head p{color:#4e5963;margin-top:4px}
.pic{position:relative;display:flex;align-items:center;justify-content:center;min-height:220px;background:linear-gradient(#fbfcfd,#f1f4f7);border-radius:10px;padding:10px}
.pic svg{display:block;width:100%;height:auto;max-height:min(380px,42vh)}
.pic.busy svg,.pic.stale svg{opacity:.55;transition:opacity .15s}
.pic [data-section]{cursor:pointer;outline:none}
.pic [data-section]>:first-child{transition:stroke .1s}
.pic [data-section]:hover>:first-child{stroke:var(--vs-accent);stroke-width:3px;vector-effect:non-scaling-stroke}
.pic [data-section].sel>:first-child{stroke:var(--vs-accent);stroke-width:4px;vector-effect:non-scaling-stroke}
.pic [data-section]:focus-visible>:first-child{stroke:var(--vs-accent);stroke-width:6px;stroke-dasharray:10 6;vector-effect:non-scaling-stroke}
figcaption{font-size:13px;color:#4e5963;margin-top:8px;text-align:center}
.ph{display:flex;flex-direction:column;gap:2px}
.ph .lab{font-size:13px;color:#4e5963;font-weight:600;text-transform:uppercase;letter-spacing:.04em}
.big{font-size:32px;line-height:1.15;font-weight:750;font-variant-numeric:tabular-nums;letter-spacing:-.01em}
.big small{font-size:14px;font-weight:600;color:#4e5963;letter-spacing:0;margin-left:6px;white-space:nowrap;display:inline-block}
.other{font-size:14px;color:#4e5963;font-variant-numeric:tabular-nums}
.sum.busy .big,.sum.busy .other,.sum.busy .lines{opacity:.5;transition:opacity .15s}
.upd{display:inline-flex;align-items:center;gap:6px;font-size:12.5px;color:#4e5963;height:18px}
.upd::before{content:"";width:10px;height:10px;border-radius:50%;border:2px solid var(--vs-accent);border-right-color:transparent;animation:vs-spin .7s linear infinite}
@keyframes vs-spin{to{transform:rotate(360deg)}}
@media (prefers-reduced-motion:reduce){.upd::before{animation:none}*{transition:none!important}}
.noprice{font-size:15px;font-weight:600;color:#8a2a1f}
details{margin-top:12px;border-top:1px solid #eceff2;padding-top:10px}
summary{cursor:pointer;font-weight:600;font-size:14px;color:var(--vs-ink);padding:2px 0}
.lines{width:100%;border-collapse:collapse;margin-top:8px;font-size:14px;font-variant-numeric:tabular-nums}
.lines td,.lines th{padding:4px 0;text-align:left;vertical-align:top;font-weight:400}
.lines td:last-child{text-align:right;padding-left:12px;white-space:nowrap}
.lines tr.t td,.lines tr.t th{border-top:1px solid #eceff2;font-weight:700;padding-top:6px}
.note{font-size:13px;color:#4e5963;margin-top:10px}
.errs{margin-top:10px;font-size:14px;color:#8a2a1f}
.errs li{margin-top:4px}
.alert{margin-top:12px;padding:10px 12px;border-radius:8px;background:#fdeceb;color:#8a2a1f;font-size:14px;display:flex;flex-wrap:wrap;gap:8px;align-items:center;justify-content:space-between}
.ok{font-size:14px;color:var(--vs-ink);font-weight:650;background:var(--vs-soft);border-radius:8px;padding:8px 10px;margin-bottom:4px}
.act{display:flex;flex-wrap:wrap;gap:10px;align-items:flex-end;margin-top:8px}
.act .field{width:96px}
.act .btn{flex:1 1 180px}
.btn{appearance:none;display:inline-flex;align-items:center;justify-content:center;gap:8px;min-height:44px;padding:10px 18px;border-radius:10px;border:1px solid transparent;font-size:15px;font-weight:650;line-height:1.2;cursor:pointer;text-decoration:none;text-align:center}
.primary{background:var(--vs-accent);color:var(--vs-on)}
.primary:hover:not(:disabled){filter:brightness(1.1)}
.second{background:#fff;color:var(--vs-ink);border-color:#aeb7bf}
.second:hover:not(:disabled){border-color:var(--vs-accent);background:var(--vs-soft)}
.btn:disabled{opacity:.5;cursor:not-allowed}
.link{appearance:none;background:none;border:0;padding:2px 0;color:var(--vs-ink);font-weight:650;text-decoration:underline;text-underline-offset:2px;cursor:pointer;font-size:inherit}
.share{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin-top:12px}
.share input{flex:1 1 200px;font-size:13px;min-height:36px}
fieldset{border:0;min-width:0}
legend{font-weight:650;font-size:14px;margin-bottom:8px;padding:0}
.sub{margin-top:18px}
.field{display:flex;flex-direction:column;gap:5px;min-width:0}
.field>label,.lab2{font-weight:650;font-size:14px}
.row{display:grid;grid-template-columns:repeat(auto-fit,minmax(118px,1fr));gap:12px 14px}
input[type=text],input[type=number],input[type=email],input[type=tel],input[type=url],select,textarea{width:100%;min-height:44px;padding:9px 12px;border:1px solid #8a949c;border-radius:8px;background:#fff;font-size:16px;line-height:1.3}
textarea{min-height:96px;resize:vertical}
input:focus-visible,select:focus-visible,textarea:focus-visible{outline:3px solid var(--vs-accent);outline-offset:1px;border-color:var(--vs-accent)}
[aria-invalid=true]{border-color:#b3261e!important;background:#fffafa}
.unit{position:relative}
.unit input{padding-right:46px}
.unit .u{position:absolute;right:12px;top:50%;transform:translateY(-50%);color:#4e5963;font-size:14px;pointer-events:none}
.hint{font-size:13px;color:#4e5963}
.err{font-size:13px;color:#b3261e;font-weight:600}
.err:empty{display:none}
.warn{font-size:13px;color:#7a4b00;background:#fff6e0;border-radius:8px;padding:8px 10px;display:flex;flex-wrap:wrap;gap:6px 10px;align-items:center}
.chips{display:flex;flex-wrap:wrap;gap:8px}
.chip{position:relative;display:inline-flex}
.chip input{position:absolute;inset:0;width:100%;height:100%;opacity:0;margin:0;cursor:pointer;z-index:1}
.chip input:disabled{cursor:not-allowed}
.chip>span{display:flex;align-items:center;gap:8px;min-height:42px;padding:8px 13px;border:1px solid #b9c1c8;border-radius:10px;background:#fff;font-size:14px;line-height:1.25}
.chip input:hover:not(:disabled)+span{border-color:var(--vs-accent)}
.chip input:checked+span{border-color:var(--vs-accent);box-shadow:inset 0 0 0 1px var(--vs-accent);background:var(--vs-soft);color:var(--vs-ink);font-weight:650}
.chip input:focus-visible+span{outline:3px solid var(--vs-accent);outline-offset:2px}
.chip input:disabled+span{color:#6b747c;background:#f3f4f6;border-style:dashed}
.chip svg{flex:none;color:#6e7780}
.chip input:checked+span svg{color:var(--vs-accent)}
.sw .chip>span{flex-direction:column;gap:6px;width:84px;padding:10px 4px;text-align:center;font-size:12.5px;min-height:0}
.sw i{display:block;width:40px;height:40px;border-radius:50%;border:1px solid rgba(0,0,0,.25);box-shadow:inset 0 -4px 8px rgba(0,0,0,.12)}
.why{margin-top:8px;font-size:13px;color:#4e5963;display:flex;flex-direction:column;gap:4px}
.why li{display:flex;flex-wrap:wrap;gap:2px 10px;align-items:baseline}
.why b{font-weight:650;color:#3b444c}
.sec{padding:12px;border:1px solid #e6e9ed;border-radius:10px;transition:border-color .15s,background .15s}
.sec+.sec{margin-top:10px}
.sec.on{border-color:var(--vs-accent);background:#fcfdfe;box-shadow:0 0 0 1px var(--vs-accent)}
.extra{display:flex;flex-wrap:wrap;gap:12px 18px;margin-top:12px;align-items:flex-end}
.extra .field{width:96px}
.extra legend{margin-bottom:5px}
.bars .extra{margin-top:0}
.extra .chips .chip>span{min-height:36px;padding:6px 11px}
.grp+.grp{margin-top:18px}
.mini{display:none}
.mini.away{visibility:hidden}
.list,.form,.done{margin-top:16px}
.items{display:flex;flex-direction:column;gap:10px;margin-top:12px}
.item{display:grid;grid-template-columns:64px minmax(0,1fr);gap:10px 12px;padding:12px;border:1px solid #e6e9ed;border-radius:10px;background:#fff}
.more{grid-column:1/-1;display:flex;flex-direction:column;gap:8px;min-width:0}
.item.edit{border-color:var(--vs-accent);box-shadow:0 0 0 1px var(--vs-accent)}
.thumb{width:64px;height:64px;display:flex;align-items:center;justify-content:center;background:#f6f8fa;border-radius:8px}
.thumb svg{width:56px;height:56px}
.info{display:flex;flex-direction:column;gap:6px;min-width:0}
.info .t{font-weight:700}
.info .d{font-size:13px;color:#4e5963}
.itemrow{display:flex;flex-wrap:wrap;gap:10px;align-items:flex-end}
.itemrow .q{width:88px}
.itemrow .nt{flex:1 1 180px}
.itemrow .amt{margin-left:auto;text-align:right;font-variant-numeric:tabular-nums}
.amt b{display:block;font-size:17px}
.amt span{font-size:12.5px;color:#4e5963}
.ops{display:flex;flex-wrap:wrap;gap:4px 16px}
.tot .fee{display:flex;gap:12px;font-size:14px;color:#4e5963}
.ph .fee1{font-size:14px;color:#4e5963;margin-top:4px}
.tot{margin-top:14px;display:flex;flex-direction:column;align-items:flex-end;gap:2px;font-variant-numeric:tabular-nums}
.tot .big{font-size:24px}
.fgrid{display:grid;grid-template-columns:minmax(0,1fr);gap:14px;margin-top:14px}
.check{display:flex;gap:10px;align-items:flex-start;font-size:14px}
.check input{width:20px;height:20px;margin-top:1px;accent-color:var(--vs-accent);flex:none}
.hp{position:absolute!important;left:-9999px;top:auto;width:1px;height:1px;overflow:hidden}
.privacy{font-size:14px;color:#4e5963}
.sendrow{display:flex;flex-wrap:wrap;gap:12px;align-items:center;margin-top:4px}
.done{text-align:center;padding:32px 16px}
.done svg{width:56px;height:56px;color:var(--vs-accent)}
.done h2{margin-top:12px}
.done .ref{display:inline-block;margin:12px 0;padding:8px 16px;border-radius:10px;background:var(--vs-soft);color:var(--vs-ink);font-size:22px;font-weight:750;letter-spacing:.04em;font-variant-numeric:tabular-nums}
.done p{margin-top:6px}
.status{padding:40px 16px;text-align:center;color:#4e5963}
.status .btn{margin-top:12px}
@container (max-width:480px){
 .vs{--pad:10px;border-radius:12px}
 .card{padding:14px 12px}
 .sec{padding:10px}
 .big{font-size:28px}
}
@container (min-width:560px){
 .fgrid{grid-template-columns:repeat(6,minmax(0,1fr))}
 .fgrid .c2{grid-column:span 2}.fgrid .c3{grid-column:span 3}.fgrid .c4{grid-column:span 4}.fgrid .c6{grid-column:span 6}
 .item{grid-template-columns:88px minmax(0,1fr);grid-template-rows:auto 1fr}
 .thumb{width:88px;height:88px;grid-row:span 2}.thumb svg{width:80px;height:80px}
 .more{grid-column:2}
}
@container (min-width:800px){
 .grid{grid-template-columns:minmax(0,5fr) minmax(0,6fr);align-items:start}
 .aside{position:sticky;top:12px}
 .vs{--pad:20px}
}
@container (max-width:799px){
 .mini{display:flex;position:sticky;bottom:0;z-index:2;justify-content:space-between;align-items:center;gap:8px;margin:16px calc(-1 * var(--pad)) calc(-1 * var(--pad));padding:10px 16px;background:#fff;border-top:1px solid #dde1e6;border-radius:0 0 16px 16px;box-shadow:0 -4px 12px rgba(0,0,0,.06);font-variant-numeric:tabular-nums}
 .mini b{font-size:18px}
 .mini span{font-size:12.5px;color:#4e5963}
 .pic svg{max-height:300px}
}
`;

  let sharedSheet = null;
  function adopt(root, extra) {
    if ("adoptedStyleSheets" in Document.prototype && window.CSSStyleSheet && CSSStyleSheet.prototype.replaceSync) {
      if (!sharedSheet) {
        sharedSheet = new CSSStyleSheet();
        sharedSheet.replaceSync(STYLE);
      }
      const own = new CSSStyleSheet();
      own.replaceSync(extra);
      root.adoptedStyleSheets = [sharedSheet, own];
      return;
    }
    // Old browsers without constructable sheets (never under a strict CSP in practice).
    root.querySelectorAll("style[data-vs]").forEach((n) => n.remove());
    root.prepend(h("style", { "data-vs": "", text: STYLE + extra }));
  }

  /** Accent, the text colour on it, a darker ink for text on white (WCAG AA) and a soft tint. */
  function accentCss(hex) {
    const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(hex || "");
    let c = m ? m[1] : "1f5f8b";
    if (c.length === 3) c = c.replace(/./g, "$&$&");
    const rgb = [0, 2, 4].map((i) => parseInt(c.slice(i, i + 2), 16));
    const lum = (v) => {
      const l = v.map((x) => {
        const c = x / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
    };
    const contrastWhite = (v) => 1.05 / (lum(v) + 0.05);
    const on = contrastWhite(rgb) >= (lum(rgb) + 0.05) / 0.05 ? "#ffffff" : "#111111";
    let ink = rgb.slice();
    for (let i = 0; i < 20 && contrastWhite(ink) < 4.6; i++) ink = ink.map((x) => Math.round(x * 0.88));
    const css = (v) => `rgb(${v.join(",")})`;
    const soft = rgb.map((x) => Math.round(x * 0.1 + 255 * 0.9));
    return `:host{--vs-accent:#${c};--vs-on:${on};--vs-ink:${css(ink)};--vs-soft:${css(soft)}}`;
  }

  // ---------------------------------------------------------------------------------------------
  // 9. The element.
  // ---------------------------------------------------------------------------------------------
  class VensterConfigurator extends HTMLElement {
    static get observedAttributes() {
      return ["dealer", "lang"];
    }

    /** The dealer slug; empty when missing or malformed. */
    get dealer() {
      const v = (this.getAttribute("dealer") || "").trim();
      return /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(v) ? v : "";
    }

    set dealer(v) {
      this.setAttribute("dealer", String(v));
    }

    constructor() {
      super();
      this._root = this.attachShadow({ mode: "open" });
      adopt(this._root, accentCss(""));
      this._gen = 0;
      this._seq = 0;
      this._waiters = [];
      this._svgCache = new Map();
      this._listTimer = 0;
      this.s = null;
    }

    connectedCallback() {
      if (!this._started) {
        this._started = true;
        this._start();
      } else if (this.s && this.s.busy && this._blocks) {
        this._schedule(true); // moved in the page while a request was in flight (and aborted)
      }
    }

    disconnectedCallback() {
      if (this._ctl) this._ctl.abort();
      clearTimeout(this._timer);
    }

    attributeChangedCallback(name, old, value) {
      if (this._started && old !== value) this._start();
    }

    // --- lifecycle ------------------------------------------------------------------------------

    _wantedLang() {
      const v = (this.getAttribute("lang") || "").toLowerCase().slice(0, 2);
      return LANGS.includes(v) ? v : "";
    }

    _base() {
      return `/api/v1/dealers/${encodeURIComponent(this.s.dealer)}`;
    }

    /** Load the dealer's configurator document and build everything; keeps items on a language switch. */
    async _start() {
      const gen = ++this._gen;
      if (this._ctl) this._ctl.abort();
      clearTimeout(this._timer);
      const dealer = this.dealer;
      const wanted = this._wantedLang();
      const prev = this.s && this.s.dealer === dealer ? this.s : null;
      // Before the dealer's document arrives, speak the page's language if we know it.
      const near = ((this.closest("[lang]") || document.documentElement).getAttribute("lang") || "").slice(0, 2).toLowerCase();
      const t0 = TEXTS[wanted || (prev && prev.lang) || (LANGS.includes(near) ? near : "en")];
      this._status(t0.loading, false);
      if (!dealer) {
        this._status(t0.noDealer, false);
        return;
      }
      let res;
      try {
        res = await call(`/api/v1/dealers/${encodeURIComponent(dealer)}/configurator${wanted ? `?lang=${wanted}` : ""}`);
      } catch (err) {
        res = null;
      }
      if (gen !== this._gen) return;
      if (!res || res.status !== 200 || !res.data || !res.data.products || !res.data.products.length) {
        this._status(res && res.status === 404 ? t0.noDealer : t0.loadFailed, !(res && res.status === 404));
        return;
      }
      const doc = res.data;
      const lang = LANGS.includes(doc.dealer.lang) ? doc.dealer.lang : "en";
      const loc = LOCALES[lang];
      this.s = {
        dealer, doc, lang, loc, t: TEXTS[lang], units: doc.dealer.units === "imperial" ? "imperial" : "metric",
        money: new Intl.NumberFormat(loc, { style: "currency", currency: doc.dealer.currency || "EUR" }),
        num: new Intl.NumberFormat(loc, { useGrouping: false, maximumFractionDigits: 1 }),
        config: null, ev: null, busy: true, evalErr: null, sel: null, touched: new Set(), raw: {},
        items: prev ? prev.items : [], editing: prev ? prev.editing : -1, token: prev ? prev.token : null,
        tokenAt: prev ? prev.tokenAt : 0, attempt: null, sending: false, done: null, formMsg: null, shareUrl: "",
        contact: prev ? prev.contact : {}, showErrors: false, fieldErrors: {}, itemErrors: {},
      };
      adopt(this._root, accentCss(doc.dealer.accent_colour));
      const start = (prev && prev.config) || this._fromHash() || { product: doc.products[0].id };
      this.s.config = clone(start);
      this._build();
      await this._evaluate();
    }

    /** A configuration from the page's fragment (`#venster-<dealer>=<base64url JSON>`), if any. */
    _fromHash() {
      try {
        const key = `venster-${this.s.dealer}=`;
        const part = location.hash.slice(1).split("&").find((p) => p.startsWith(key));
        if (!part) return null;
        const c = JSON.parse(unb64url(part.slice(key.length)));
        if (!c || typeof c !== "object" || Array.isArray(c) || !this.s.doc.products.some((p) => p.id === c.product)) {
          return null;
        }
        return c;
      } catch (e) {
        return null;
      }
    }

    _status(text, withRetry) {
      put(this._root, h("div", { class: "vs" },
        h("div", { class: "status", role: "status" }, h("p", { text }),
          withRetry ? h("button", { class: "btn second", type: "button", onclick: () => this._start(),
            text: (this.s && this.s.t || TEXTS.en).retry }) : null)));
    }

    _fault(err) {
      if (window.console) console.warn("venster:", err);
      if (this.s && this._live) this._say(this.s.t.serverError);
    }

    _emit(name, detail) {
      this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
    }

    _say(text) {
      if (!this._live) return;
      this._live.textContent = "";
      setTimeout(() => { this._live.textContent = text; }, 30);
    }

    get product() {
      const s = this.s;
      return s.doc.products.find((p) => p.id === (s.config && s.config.product)) || s.doc.products[0];
    }

    _layout() {
      const p = this.product;
      const id = (this.s.config && this.s.config.layout) || p.default_layout;
      return p.layouts.find((l) => l.id === id) || p.layouts[0];
    }

    // --- words ----------------------------------------------------------------------------------

    /** A length as the server writes it too (issue 15): `1.200 mm`, or `47 1/4"` beside the server's own messages. */
    _len(mm) {
      return this.s.units === "imperial" ? `${inchText(mm)}"` : `${this.s.num.format(mm)} mm`;
    }

    _sectionName(id) {
      const t = this.s.t;
      return t.sections[id] || fill(t.sectionN, { id });
    }

    _openingLabel(id) {
      const o = this.product.openings.find((x) => x.id === id);
      return o ? o.label : id;
    }

    _valueLabel(gid, vid) {
      const g = this.product.options.find((x) => x.id === gid);
      const v = g && g.values.find((x) => x.id === vid);
      return v ? v.label : vid;
    }

    _money(text) {
      return this.s.money.format(Number(text));
    }

    _windows(n) {
      const w = this.s.t.windows;
      return fill(n === 1 ? w[0] : w[1], { n });
    }

    /** Windows on the list, not lines: a line of 5 is 5 windows. */
    _windowCount() {
      return this.s.items.reduce((n, it) => n + (Number(it.config.quantity) || 1), 0);
    }

    /** What a suggested change does, in words: "Width 1000 mm, Triple glazing". */
    _changeWords(change) {
      const t = this.s.t;
      const out = [];
      for (const [key, word] of [["width_mm", t.width], ["height_mm", t.height]]) {
        const c = change[key];
        if (c) out.push(`${word} ${this._len(c.max != null ? c.max : c.min)}`);
      }
      for (const [gid, vid] of Object.entries(change.options || {})) out.push(this._valueLabel(gid, vid));
      for (const [sid, sec] of Object.entries(change.sections || {})) {
        out.push(`${this._sectionName(sid)}: ${this._openingLabel(sec.opening)}`);
      }
      return out.join(", ");
    }

    // --- building -------------------------------------------------------------------------------

    _build() {
      const s = this.s;
      const t = s.t;
      this._blocks = [];
      this._live = h("div", { class: "sr", role: "status", "aria-live": "polite" });
      const controls = h("div", { class: "controls" });
      const block = (key, build) => {
        const b = { k: null, el: controls.appendChild(h("div", { hidden: true })), cur: null };
        b.sync = () => {
          const k = key();
          if (k !== b.k) {
            const fresh = build();
            b.el.replaceWith(fresh.el);
            Object.assign(b, { el: fresh.el, cur: fresh, k });
          }
          if (b.cur.sync) b.cur.sync();
        };
        this._blocks.push(b);
      };
      const pid = () => this.product.id;
      block(() => pid(), () => this._headBlock());
      block(() => `${pid()}/${s.units}`, () => this._sizeBlock());
      block(() => `${pid()}/${this._layout().id}`, () => this._openingsBlock());
      block(() => pid(), () => this._groupsBlock(true));
      block(() => pid(), () => this._groupsBlock(false));

      this._pic = h("div", { class: "pic" });
      this._caption = h("figcaption", {});
      this._pic.addEventListener("click", guard((e) => {
        const g = e.target.closest && e.target.closest("[data-section]");
        if (g) this._pickSection(g.getAttribute("data-section"), true);
      }));
      this._pic.addEventListener("keydown", guard((e) => {
        const g = e.target.closest && e.target.closest("[data-section]");
        if (g && (e.key === "Enter" || e.key === " ")) {
          e.preventDefault();
          this._pickSection(g.getAttribute("data-section"), true);
        }
      }));
      this._sum = h("div", { class: "card sum" });
      this._act = h("section", { class: "card", "aria-labelledby": "h-act" });
      controls.append(this._act);
      this._mini = h("div", { class: "mini", "aria-hidden": "true" });
      this._list = h("section", { class: "list card", "aria-labelledby": "list-h", hidden: true });
      this._form = h("section", { class: "form card", "aria-labelledby": "form-h", hidden: true });
      this._grid = h("div", { class: "grid" },
        h("div", { class: "aside" }, h("figure", { class: "card" }, this._pic, this._caption), this._sum),
        controls);
      this._doneEl = h("section", { class: "done card", hidden: true, "aria-labelledby": "done-h" });
      this._vs = h("div", { class: "vs", lang: s.lang }, this._grid, this._list, this._form, this._doneEl,
        this._mini, this._live);
      put(this._root, this._vs);
      this._buildSummary();
      if (window.IntersectionObserver) {
        // The sticky price bar on phones is only needed while the price card is out of sight.
        if (this._seen) this._seen.disconnect();
        this._seen = new IntersectionObserver((es) => this._mini.classList.toggle("away", es.some((e) => e.isIntersecting)));
        this._seen.observe(this._sum);
      }
      this._buildForm();
      this._listChanged(); // a language switch keeps the list: its labels and totals come again
      this._update();
    }

    /** Refresh every part from the state; restores focus when a part was rebuilt under it. */
    _update() {
      const s = this.s;
      if (!s || !this._blocks) return;
      const active = this._root.activeElement;
      const key = active && active.getAttribute && active.getAttribute("data-k");
      s.errs = {};
      for (const e of (s.ev && s.ev.errors) || []) if (!(e.field in s.errs)) s.errs[e.field] = e.message;
      for (const b of this._blocks) b.sync();
      this._syncSummary();
      if (key && active && !active.isConnected) {
        const again = this._root.querySelector(`[data-k="${CSS.escape(key)}"]`);
        if (again) again.focus();
      }
    }

    _headBlock() {
      const s = this.s;
      const p = this.product;
      const el = h("div", { class: "card head" },
        h("h2", { id: "vs-title", tabindex: "-1", text: p.label }),
        p.description ? h("p", { text: p.description }) : null);
      if (s.doc.products.length > 1) {
        const g = this._chips({ name: "product", legend: s.t.product, items: s.doc.products.map((x) => ({ id: x.id, label: x.label })),
          get: () => this.product.id, avail: () => ({}), choose: (id) => this._setProduct(id) });
        g.el.classList.add("sub");
        el.append(g.el);
        return { el, sync: g.sync };
      }
      return { el };
    }

    _sizeBlock() {
      const s = this.s;
      const t = s.t;
      const imperial = s.units === "imperial";
      const fields = ["width_mm", "height_mm"].map((key) => this._sizeField(key, key === "width_mm" ? t.width : t.height, imperial));
      const layout = this._layoutChips();
      const el = h("section", { class: "card", "aria-labelledby": "h-size" },
        h("h3", { id: "h-size" }, h("span", { class: "n", "aria-hidden": "true", text: "1" }), t.step1),
        h("div", { class: "row" }, fields.map((f) => f.el)),
        h("div", { class: "sub" }, layout.el));
      return { el, sync: () => { fields.forEach((f) => f.sync()); layout.sync(); } };
    }

    _sizeField(key, label, imperial) {
      const s = this.s;
      const t = s.t;
      const id = `f-${key}`;
      const hint = h("div", { class: "hint", id: `h-${key}` });
      const warn = h("div", { class: "warn", id: `w-${key}`, hidden: true });
      const err = h("div", { class: "err", id: `e-${key}` });
      const input = h("input", {
        id, "data-k": id, type: imperial ? "text" : "number", inputmode: imperial ? "text" : "numeric",
        autocomplete: "off", spellcheck: imperial ? "false" : null, "aria-describedby": `h-${key} w-${key} e-${key}`,
        oninput: () => {
          const mm = parseLength(input.value, s.units);
          s.raw[key] = mm;
          if (mm == null || mm <= 0) return;
          this._setSize(key, Math.round(mm));
        },
        onchange: () => this._syncSizeInput(input, key),
        onblur: () => this._syncSizeInput(input, key),
      });
      const unit = imperial ? "in" : "mm";
      const el = h("div", { class: "field" }, h("label", { for: id, text: label }),
        h("div", { class: "unit" }, input, h("span", { class: "u", "aria-hidden": "true", text: unit })), hint, warn, err);
      const sync = () => {
        const lim = s.ev && s.ev.limits && s.ev.limits[key];
        if (lim) {
          if (!imperial) {
            input.min = lim.min;
            input.max = lim.max;
            input.step = lim.step || 1;
          }
          hint.textContent = fill(t.range, { min: this._len(lim.min), max: this._len(lim.max) });
        }
        if (this._root.activeElement !== input) this._syncSizeInput(input, key);
        this._fieldError(input, err, s.errs[key]);
        this._smallWarning(warn, key);
      };
      return { el, sync };
    }

    _syncSizeInput(input, key) {
      const v = this.s.config[key];
      if (typeof v === "number") input.value = this.s.units === "imperial" ? inchText(v) : String(v);
    }

    /** "That is very small. Did you mean 1200 mm?" for 120 typed where 1200 fits. */
    _smallWarning(warn, key) {
      const s = this.s;
      const p = this.product;
      const lim = p[key];
      const typed = s.raw[key] != null ? s.raw[key] : s.config[key];
      let guess = null;
      if (typeof typed === "number" && typed > 0 && typed < lim.min) {
        const factors = s.units === "imperial" ? [12] : typed < 10 ? [1000] : [10];
        for (const f of factors) {
          const g = Math.round(typed * f);
          if (g >= lim.min && g <= lim.max) guess = g;
        }
      }
      warn.hidden = guess == null;
      if (guess == null) return;
      const v = this._len(guess);
      put(warn, h("span", { text: fill(s.t.small, { v }) }),
        h("button", { type: "button", class: "link", "data-k": `use-${key}`, text: fill(s.t.use, { v }),
          onclick: () => {
            s.raw[key] = null;
            this._setSize(key, guess);
            this._update();
          } }));
    }

    _layoutChips() {
      const s = this.s;
      const p = this.product;
      return this._chips({
        name: "layout", legend: s.t.layout, k: "layout",
        items: p.layouts.map((l) => ({ id: l.id, label: l.label, icon: layoutIcon(l) })),
        get: () => this._layout().id, avail: () => (s.ev && s.ev.layouts) || {},
        choose: (id) => this._setLayout(id), errKey: "layout",
        change: (id) => ({ layout: id }),
      });
    }

    _openingsBlock() {
      const s = this.s;
      const t = s.t;
      const layout = this._layout();
      const cells = leaves(layout.root, 0, 0, 1, 1, null, []);
      const nodes = {};
      (function walk(n) {
        if (n.section) nodes[n.section] = n;
        else (n.parts || []).forEach(walk);
      })(layout.root);
      const groups = cells.map((c) => this._sectionGroup(c.id, nodes[c.id]));
      const divs = divisionsOf(layout.root, []).map((d) => this._divisionField(d));
      const el = h("section", { class: "card", "aria-labelledby": "h-open" },
        h("h3", { id: "h-open" }, h("span", { class: "n", "aria-hidden": "true", text: "2" }), t.step2),
        h("p", { class: "hint", text: t.openHint }),
        h("div", { class: "sub" }, groups.map((g) => g.el)),
        divs.length ? h("fieldset", { class: "sub" }, h("legend", { text: t.divisions }),
          h("div", { class: "row" }, divs.map((d) => d.el))) : null);
      return { el, sync: () => { groups.forEach((g) => g.sync()); divs.forEach((d) => d.sync()); } };
    }

    _sectionGroup(sid, node) {
      const s = this.s;
      const t = s.t;
      const sec = () => (s.config.sections && s.config.sections[sid]) || {};
      const chips = this._chips({
        name: `open-${sid}`, legend: this._sectionName(sid), k: `open-${sid}`,
        items: (node.openings || []).map((id) => ({ id, label: this._openingLabel(id) })),
        get: () => sec().opening || node.default_opening,
        avail: () => (s.ev && s.ev.sections && s.ev.sections[sid] && s.ev.sections[sid].openings) || {},
        choose: (id) => this._setSection(sid, { opening: id }), errKey: `sections.${sid}`,
        change: (id) => ({ sections: { [sid]: { opening: id } } }),
      });
      const el = h("div", { class: "sec", "data-sec": sid }, chips.el);
      const extras = [];
      if ((node.fills || []).length > 1) {
        const f = this._chips({ name: `fill-${sid}`, legend: t.fill, k: `fill-${sid}`,
          items: node.fills.map((id) => ({ id, label: t.fills[id] || id })),
          get: () => sec().fill || node.fills[0], avail: () => ({}), choose: (id) => this._setSection(sid, { fill: id }) });
        extras.push(f);
      }
      if (node.max_bars) {
        const bars = [];
        for (const [part, word] of [["rows", t.rows], ["columns", t.cols]]) {
          const id = `bars-${part}-${sid}`;
          const input = h("input", { id, "data-k": id, type: "number", min: 0, max: node.max_bars, step: 1, inputmode: "numeric",
            oninput: () => {
              const v = Number(input.value);
              if (!Number.isInteger(v) || v < 0 || v > node.max_bars) return;
              const bars = Object.assign({ rows: 0, columns: 0 }, sec().bars, { [part]: v });
              this._setSection(sid, { bars });
            } });
          bars.push({ el: h("div", { class: "field" }, h("label", { for: id, text: word }), input),
            sync: () => {
              if (this._root.activeElement !== input) input.value = String(((sec().bars || {})[part]) || 0);
            } });
        }
        extras.push({ el: h("fieldset", { class: "bars" }, h("legend", { text: t.bars }), h("div", { class: "extra" }, bars.map((b) => b.el))),
          sync: () => bars.forEach((b) => b.sync()) });
      }
      if (extras.length) el.append(h("div", { class: "extra" }, extras.map((x) => x.el)));
      return { el, sync: () => {
        chips.sync();
        extras.forEach((x) => x.sync());
        el.classList.toggle("on", s.sel === sid && Object.keys(s.config.sections || {}).length > 1);
      } };
    }

    _divisionField(d) {
      const s = this.s;
      const t = s.t;
      const id = `f-div-${d.id}`;
      let name = d.section ? this._sectionName(d.section) : null;
      if (name && s.lang !== "de") name = name.charAt(0).toLowerCase() + name.slice(1); // German nouns keep capitals
      const label = name ? fill(d.axis === "width_mm" ? t.divW : t.divH, { s: name }) : fill(t.divN, { id: d.id });
      const hint = h("div", { class: "hint", id: `h-div-${d.id}` });
      const held = h("div", { class: "hint", id: `l-div-${d.id}` });
      const err = h("div", { class: "err", id: `e-divisions.${d.id}` });
      const imperial = s.units === "imperial";
      const show = (mm) => (typeof mm !== "number" ? "" : imperial ? inchText(mm) : String(mm));
      const input = h("input", { id, "data-k": id, type: imperial ? "text" : "number", inputmode: imperial ? "text" : "numeric",
        autocomplete: "off", "aria-describedby": `h-div-${d.id} l-div-${d.id} e-divisions.${d.id}`,
        oninput: () => {
          const mm = parseLength(input.value, s.units);
          if (mm == null || mm <= 0) return;
          s.touched.add(d.id);
          s.config.divisions = Object.assign({}, s.config.divisions, { [d.id]: Math.round(mm) });
          this._schedule();
        },
        onblur: () => { input.value = show((s.config.divisions || {})[d.id]); } });
      const el = h("div", { class: "field" }, h("label", { for: id, text: label }),
        h("div", { class: "unit" }, input, h("span", { class: "u", "aria-hidden": "true", text: imperial ? "in" : "mm" })),
        hint, held, err);
      const sync = () => {
        const lim = s.ev && s.ev.limits && s.ev.limits.divisions && s.ev.limits.divisions[d.id];
        const v = (s.config.divisions || {})[d.id];
        if (this._root.activeElement !== input && typeof v === "number") input.value = show(v);
        if (lim) {
          if (!imperial) {
            input.min = lim.min;
            input.max = lim.max;
          }
          hint.textContent = fill(t.range, { min: this._len(lim.min), max: this._len(lim.max) });
          const why = typeof v !== "number" ? "" : v <= lim.min && lim.min_reason ? fill(t.heldMin, { r: lim.min_reason })
            : v >= lim.max && lim.max_reason ? fill(t.heldMax, { r: lim.max_reason }) : "";
          held.textContent = why;
        }
        this._fieldError(input, err, s.errs[`divisions.${d.id}`]);
      };
      return { el, sync };
    }

    /** Colours (finish groups, as swatches) or the other options (as chips). */
    _groupsBlock(finishes) {
      const s = this.s;
      const t = s.t;
      const groups = this.product.options.filter((g) => Boolean(g.finish) === finishes);
      if (!groups.length) return { el: h("div", { hidden: true }) };
      const parts = groups.map((g) => {
        const chips = this._chips({
          name: `opt-${g.id}`, legend: g.label, k: `opt-${g.id}`, swatch: finishes,
          items: g.values.map((v) => ({ id: v.id, label: v.label, swatch: v.swatch })),
          get: () => (s.config.options || {})[g.id] || g.default,
          avail: () => (s.ev && s.ev.options && s.ev.options[g.id]) || {},
          choose: (id) => this._setOption(g.id, id), errKey: `options.${g.id}`,
          change: (id) => ({ options: { [g.id]: id } }),
        });
        chips.el.classList.add("grp");
        return chips;
      });
      const n = finishes ? "3" : "4";
      const el = h("section", { class: "card", "aria-labelledby": `h-g${n}` },
        h("h3", { id: `h-g${n}` }, h("span", { class: "n", "aria-hidden": "true", text: n }), finishes ? t.step3 : t.step4),
        parts.map((p) => p.el));
      return { el, sync: () => parts.forEach((p) => p.sync()) };
    }

    /**
     * A radio group as chips (or colour swatches). Unavailable values are disabled and listed
     * below with the engine's reason and, when it offers one, a button that applies its change.
     */
    _chips(o) {
      const s = this.s;
      const t = s.t;
      const errId = `e-${o.errKey || o.name}`;
      const whyId = `why-${o.name}`;
      const chosenEl = o.swatch ? h("div", { class: "hint chosen" }) : null;
      const inputs = {};
      const list = h("div", { class: "chips" }, o.items.map((it) => {
        const input = h("input", { type: "radio", name: o.name, value: it.id, "data-k": `${o.k || o.name}:${it.id}`,
          onchange: () => { if (input.checked) o.choose(it.id); } });
        inputs[it.id] = input;
        let mark = it.icon || null;
        if (o.swatch) {
          mark = h("i", {});
          if (it.swatch && /^#[0-9a-f]{3,8}$/i.test(it.swatch)) mark.style.background = it.swatch; // CSSOM: allowed by CSP
        }
        return h("label", { class: "chip" }, input, h("span", {}, mark, h("span", { text: it.label })));
      }));
      const why = h("ul", { class: "why", id: whyId });
      const err = h("div", { class: "err", id: errId, role: null });
      const el = h("fieldset", { class: o.swatch ? "sw" : null, "aria-describedby": `${whyId} ${errId}` },
        h("legend", { text: o.legend }), chosenEl, list, why, err);
      const sync = () => {
        const current = o.get();
        const avail = o.avail();
        const notes = [];
        for (const it of o.items) {
          const input = inputs[it.id];
          const a = avail[it.id];
          const off = Boolean(a && a.available === false) && it.id !== current;
          input.checked = it.id === current;
          input.disabled = off;
          if (off) input.setAttribute("aria-describedby", `${whyId}-${it.id}`);
          else input.removeAttribute("aria-describedby");
          if (off) notes.push(this._whyItem(o, it, a, whyId));
        }
        if (chosenEl) {
          const it = o.items.find((x) => x.id === current);
          chosenEl.textContent = it ? fill(t.chosen, { v: it.label }) : "";
        }
        put(why, ...notes);
        err.textContent = this._errFor(o.errKey);
      };
      return { el, sync };
    }

    _whyItem(o, it, a, whyId) {
      const t = this.s.t;
      const change = a.change && o.change ? Object.assign({}, a.change) : null;
      let btn = null;
      if (change) {
        const words = this._changeWords(a.change);
        btn = h("button", { type: "button", class: "link", "data-k": `chg-${o.name}-${it.id}`,
          text: words ? `${t.changeIt}: ${words}` : t.changeIt,
          onclick: () => this._applyChange(a.change, o.change(it.id)) });
      }
      const reason = a.reason || t.notNow;
      // The engine's reasons usually start with the value's name already; do not say it twice.
      const said = reason.toLowerCase().startsWith(it.label.toLowerCase());
      return h("li", { id: `${whyId}-${it.id}` }, h("span", {}, said ? null : h("b", { text: `${it.label}: ` }), reason), btn);
    }

    _errFor(key) {
      if (!key) return "";
      const errs = this.s.errs || {};
      if (errs[key]) return errs[key];
      const hit = Object.keys(errs).find((f) => f.startsWith(`${key}.`));
      return hit ? errs[hit] : "";
    }

    _fieldError(input, err, message) {
      err.textContent = message || "";
      if (message) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
    }

    // --- changing the configuration -------------------------------------------------------------

    _setProduct(id) {
      const s = this.s;
      s.config = { product: id, quantity: s.config.quantity || 1 };
      s.touched = new Set();
      s.raw = {};
      s.sel = null;
      this._schedule(true);
      this._update();
    }

    /** A new overall size; divisions the homeowner set scale along, the others go back to default. */
    _setSize(key, mm) {
      const s = this.s;
      const c = s.config;
      const before = c[key];
      c[key] = mm;
      const divs = Object.assign({}, c.divisions);
      for (const d of divisionsOf(this._layout().root, [])) {
        if (d.axis !== key || !(d.id in divs)) continue;
        if (s.touched.has(d.id) && before > 0) divs[d.id] = Math.round((divs[d.id] * mm) / before);
        else delete divs[d.id];
      }
      c.divisions = divs;
      this._schedule();
    }

    _setLayout(id) {
      const s = this.s;
      Object.assign(s.config, { layout: id, divisions: {}, sections: {} });
      s.touched = new Set();
      s.sel = null;
      this._schedule(true);
      this._update();
    }

    _setSection(sid, patch) {
      const s = this.s;
      s.config.sections = Object.assign({}, s.config.sections);
      s.config.sections[sid] = Object.assign({}, s.config.sections[sid], patch);
      s.sel = sid;
      this._schedule();
      this._paintSelection();
    }

    _setOption(gid, vid) {
      const s = this.s;
      s.config.options = Object.assign({}, s.config.options, { [gid]: vid });
      this._schedule();
    }

    /** The "change it" button: apply the engine's suggestion and the value that needed it. */
    _applyChange(change, also) {
      const s = this.s;
      // A layout starts afresh: its sections get the suggested openings, nothing of the old one.
      if (also.layout) {
        Object.assign(s.config, { layout: also.layout, divisions: {}, sections: {} });
        s.touched = new Set();
        s.sel = null;
      }
      for (const key of ["width_mm", "height_mm"]) {
        const c = change[key];
        if (c) {
          s.raw[key] = null;
          this._setSize(key, c.max != null ? c.max : c.min);
        }
      }
      const merged = { options: Object.assign({}, change.options, also.options), sections: Object.assign({}, change.sections) };
      for (const [sid, sec] of Object.entries(also.sections || {})) merged.sections[sid] = Object.assign({}, merged.sections[sid], sec);
      s.config.options = Object.assign({}, s.config.options, merged.options);
      s.config.sections = Object.assign({}, s.config.sections);
      for (const [sid, sec] of Object.entries(merged.sections)) s.config.sections[sid] = Object.assign({}, s.config.sections[sid], sec);
      this._say(this._changeWords(Object.assign({}, change, merged)));
      this._schedule(true);
      this._update();
    }

    _pickSection(sid, moveFocus) {
      const s = this.s;
      s.sel = sid;
      this._paintSelection();
      for (const b of this._blocks) if (b.cur && b.cur.sync) b.cur.sync();
      if (!moveFocus) return;
      const box = this._root.querySelector(`[data-sec="${CSS.escape(sid)}"]`);
      if (!box) return;
      const target = box.querySelector("input:checked") || box.querySelector("input:not(:disabled)");
      box.scrollIntoView({ block: "nearest", behavior: "smooth" });
      if (target) target.focus({ preventScroll: true });
    }

    // --- evaluating -----------------------------------------------------------------------------

    /** Evaluate after a short pause; the last good price stays up, marked as updating. */
    _schedule(now) {
      this.s.busy = true;
      this._paintBusy();
      clearTimeout(this._timer);
      this._timer = setTimeout(guard(() => this._evaluate()), now ? 0 : DEBOUNCE_MS);
    }

    async _evaluate() {
      const s = this.s;
      clearTimeout(this._timer);
      if (this._ctl) this._ctl.abort();
      const ctl = (this._ctl = new AbortController());
      const seq = ++this._seq;
      s.busy = true;
      this._paintBusy();
      let res;
      try {
        res = await call(`${this._base()}/evaluate?lang=${s.lang}`, { method: "POST", body: JSON.stringify(s.config), signal: ctl.signal });
      } catch (err) {
        if (seq === this._seq && !(err && err.name === "AbortError")) this._evalFailed(err);
        return;
      }
      if (seq !== this._seq) return;
      const ev = res.data;
      if (res.status !== 200 || !ev || !ev.configuration) {
        if (res.status === 422 && Object.keys(s.config).length > 1) {
          s.config = { product: this.product.id }; // e.g. a stale shared link: start from the defaults
          return this._evaluate();
        }
        this._evalFailed(res);
        return;
      }
      s.ev = ev;
      s.config = clone(ev.configuration);
      s.busy = false;
      s.evalErr = null;
      const ids = Object.keys(ev.configuration.sections || {});
      if (!ids.includes(s.sel)) s.sel = ids[0] || null;
      this._update();
      this._release();
      this._emit("venster:evaluated", { configuration: ev.configuration, valid: ev.valid, price: ev.price });
      if (ev.valid) await this._loadDrawing(ev, ctl.signal, seq);
      else this._pic.classList.add("stale");
    }

    _evalFailed(err) {
      const s = this.s;
      s.busy = false;
      s.evalErr = err || true;
      this._update();
      this._release();
    }

    /** Resolves once no evaluation is pending (used before adding to the list). */
    _settled() {
      if (!this.s.busy) return Promise.resolve();
      return new Promise((r) => this._waiters.push(r));
    }

    _release() {
      const w = this._waiters.splice(0);
      w.forEach((r) => r());
    }

    async _loadDrawing(ev, signal, seq) {
      const s = this.s;
      const url = ev.drawing && ev.drawing.svg && ownUrl(ev.drawing.svg);
      let node = null;
      if (url && (this._drawFails || 0) < 2) {
        const cached = this._svgCache.get(url);
        if (cached) node = cached.cloneNode(true);
        else {
          this._pic.classList.add("busy");
          this._pic.setAttribute("aria-busy", "true"); // assistive tech (and tests) see the drawing updating
          try {
            const res = await fetch(url, { signal, credentials: "omit", mode: "cors" });
            if (res.ok) node = cleanSvg(await res.text());
            this._drawFails = res.ok ? 0 : res.status === 404 || res.status === 405 ? 2 : (this._drawFails || 0) + 1;
          } catch (err) {
            if (err && err.name === "AbortError") return;
            this._drawFails = (this._drawFails || 0) + 1;
          }
          if (seq !== this._seq) return;
          if (node) {
            if (this._svgCache.size > 40) this._svgCache.delete(this._svgCache.keys().next().value);
            this._svgCache.set(url, node.cloneNode(true));
          }
        }
      }
      if (seq !== this._seq) return;
      const real = Boolean(node);
      if (!node) {
        const colourGroup = this.product.options.find((g) => g.finish === "outside");
        const value = colourGroup && colourGroup.values.find((v) => v.id === ev.configuration.options[colourGroup.id]);
        node = placeholder(ev.configuration, this._layout(), (value && value.swatch) || "#f1f0ea",
          (sid, opening) => [this._sectionName(sid), this._openingLabel(opening || "")],
          (mm) => this._len(mm), s.doc.dealer.drawing_convention === "vkg");
      }
      this._showDrawing(node, ev, real);
    }

    _showDrawing(node, ev, real) {
      const s = this.s;
      const t = s.t;
      const c = ev.configuration;
      node.removeAttribute("width");
      node.removeAttribute("height");
      node.setAttribute("role", "group");
      node.setAttribute("aria-label", fill(t.drawing, { w: this._len(c.width_mm), h: this._len(c.height_mm) }));
      node.setAttribute("focusable", "false");
      const sections = node.querySelectorAll("[data-section]");
      sections.forEach((g) => {
        const sid = g.getAttribute("data-section");
        const sec = (c.sections || {})[sid];
        g.setAttribute("tabindex", "0");
        g.setAttribute("role", "button");
        g.setAttribute("aria-label", fill(t.sectionBtn, { s: this._sectionName(sid), o: this._openingLabel(sec ? sec.opening : "") }));
      });
      put(this._pic, node);
      this._pic.classList.remove("busy", "stale");
      this._pic.setAttribute("aria-busy", "false");
      const view = s.doc.dealer.drawing_convention === "vkg" ? t.outside : t.inside;
      const size = real ? `${this._len(c.width_mm)} × ${this._len(c.height_mm)} · ` : ""; // the placeholder prints it
      const caption = `${size}${view}${sections.length > 1 ? ` · ${t.pick}` : ""}`;
      this._caption.textContent = caption.charAt(0).toUpperCase() + caption.slice(1);
      this._paintSelection();
    }

    _paintSelection() {
      const s = this.s;
      const many = this._pic.querySelectorAll("[data-section]").length > 1;
      this._pic.querySelectorAll("[data-section]").forEach((g) => {
        const on = many && g.getAttribute("data-section") === s.sel;
        g.classList.toggle("sel", on);
        g.setAttribute("aria-pressed", on ? "true" : "false");
      });
      this._root.querySelectorAll("[data-sec]").forEach((box) => box.classList.toggle("on", many && box.getAttribute("data-sec") === s.sel));
    }

    // --- the price card -------------------------------------------------------------------------

    _buildSummary() {
      const s = this.s;
      const t = s.t;
      this._ph = h("div", { class: "ph", "aria-live": "polite", "aria-atomic": "true" });
      this._shown = "";
      this._upd = h("div", { class: "upd", "aria-hidden": "true", text: t.updating, hidden: true });
      this._lines = h("details", {}, h("summary", { text: t.details }));
      this._note = h("p", { class: "note", text: s.doc.dealer.price_note || "", hidden: !s.doc.dealer.price_note });
      this._errs = h("ul", { class: "errs" });
      this._netErr = h("div", { class: "alert", role: "alert", hidden: true });
      this._editNote = h("p", { class: "ok", hidden: true });
      this._qty = h("input", { id: "f-qty", "data-k": "f-qty", type: "number", min: 1, max: 999, step: 1, inputmode: "numeric",
        oninput: () => {
          const q = Number(this._qty.value);
          if (Number.isInteger(q) && q >= 1 && q <= 999) {
            s.config.quantity = q;
            this._schedule();
          }
        },
        onblur: () => { this._qty.value = String(s.config.quantity || 1); } });
      this._addBtn = h("button", { type: "button", class: "btn primary", "data-k": "add", onclick: () => this._add() });
      this._cancelBtn = h("button", { type: "button", class: "btn second", "data-k": "cancel", text: t.cancel, hidden: true,
        onclick: () => this._cancelEdit() });
      this._toForm = h("button", { type: "button", class: "link", "data-k": "to-form", text: `${t.toForm} ↓`, hidden: true,
        onclick: () => this._focusForm() });
      this._shareOut = h("input", { type: "text", readOnly: true, "aria-label": t.shareLabel, hidden: true });
      this._shareMsg = h("span", { class: "hint", role: "status" });
      this._sum.append(
        h("div", { class: "lab2 ph-lab", id: "price-h" }),
        this._ph, this._upd, this._errs, this._netErr, this._lines, this._note);
      // The actions close the steps, so keyboard order runs: drawing, price, steps, add.
      this._act.append(
        h("h3", { id: "h-act" }, h("span", { class: "n", "aria-hidden": "true", text: "5" }), t.step5),
        this._editNote,
        h("div", { class: "act" },
          h("div", { class: "field" }, h("label", { for: "f-qty", text: t.qty }), this._qty),
          this._addBtn, this._cancelBtn),
        h("div", { class: "share" }, this._toForm,
          h("button", { type: "button", class: "link", "data-k": "share", text: t.share, onclick: () => this._share() }),
          this._shareMsg, this._shareOut));
    }

    _paintBusy() {
      const s = this.s;
      if (!this._sum) return;
      this._sum.classList.toggle("busy", s.busy);
      this._upd.hidden = !s.busy;
      this._ph.setAttribute("aria-busy", s.busy ? "true" : "false");
      this._addBtn.disabled = !s.ev || !s.ev.valid;
    }

    _syncSummary() {
      const s = this.s;
      const t = s.t;
      const ev = s.ev;
      const full = ev && ev.valid ? ev.price : null;
      // The window's own price, as on its list row; a fee once per order is its own line below it.
      const price = full ? windowPrice(full) : null;
      const fees = full ? full.lines.filter((l) => l.per_order) : [];
      const q = (s.config && s.config.quantity) || 1;
      this._sum.querySelector(".ph-lab").textContent = q > 1 ? fill(t.priceN, { n: this._windows(q) }) : t.price;
      if (price) {
        const incl = price.includes_vat;
        const [first, firstLab, second, secondLab] = incl ? [price.total, t.incl, price.subtotal, t.excl] : [price.subtotal, t.excl, price.total, t.incl];
        const feeTexts = fees.map((l) => fill(t.feeOnce, { label: l.label,
          amount: this._money(fromCents(incl ? inclCents(l) : cents(l.amount))) }));
        const shown = `${first}/${second}/${q}/${feeTexts.join("/")}`;
        // Re-render (and so re-announce in the live region) only when the figures changed.
        if (shown !== this._shown) put(this._ph,
          h("div", { class: "big" }, this._money(first), h("small", { text: firstLab })),
          h("div", { class: "other", text: `${this._money(second)} ${secondLab}` }),
          ...feeTexts.map((text, i) => h("div", { class: "fee1", "data-code": fees[i].code, text })));
        this._renderLines(price);
        put(this._mini, h("span", { text: q > 1 ? this._windows(q) : t.price }),
          h("b", {}, this._money(first), h("span", { text: ` ${firstLab}` })));
        this._shown = shown;
      } else if (ev) {
        this._shown = "";
        put(this._ph, h("div", { class: "noprice", text: t.noPrice }));
        this._lines.hidden = true;
        put(this._mini, h("span", { text: t.noPrice }));
      }
      put(this._errs, ...((ev && ev.errors) || []).map((e) => h("li", {},
        h("button", { type: "button", class: "link", "data-k": `err-${e.field}`, text: e.message,
          onclick: () => this._focusField(e.field) }))));
      if (s.evalErr) {
        const msg = s.evalErr instanceof NetError ? t.netError : t.serverError;
        put(this._netErr, h("span", { text: msg }),
          h("button", { type: "button", class: "btn second", "data-k": "retry-eval", text: t.retry, onclick: () => this._evaluate() }));
        this._netErr.hidden = false;
      } else this._netErr.hidden = true;
      if (this._root.activeElement !== this._qty) this._qty.value = String(q);
      const editing = s.editing >= 0;
      this._addBtn.textContent = editing ? t.save : t.add;
      this._cancelBtn.hidden = !editing;
      this._editNote.hidden = !editing;
      this._editNote.textContent = editing ? fill(t.editing, { n: s.editing + 1 }) : "";
      this._toForm.hidden = !s.items.length;
      this._paintBusy();
    }

    _renderLines(price) {
      const t = this.s.t;
      const rates = new Set(price.lines.map((l) => l.vat_rate));
      const rows = price.lines.map((l) => h("tr", {},
        h("td", { text: Number(l.quantity) !== 1 ? `${l.label} × ${l.quantity}` : l.label }),
        h("td", { text: this._money(l.amount) })));
      rows.push(h("tr", { class: "t" }, h("td", { text: `${t.total} ${t.excl}` }), h("td", { text: this._money(price.subtotal) })));
      rows.push(h("tr", {}, h("td", { text: rates.size === 1 ? fill(t.vatR, { r: [...rates][0] }) : t.vat }), h("td", { text: this._money(price.vat) })));
      rows.push(h("tr", { class: "t" }, h("td", { text: `${t.total} ${t.incl}` }), h("td", { text: this._money(price.total) })));
      const table = h("table", { class: "lines" }, h("caption", { class: "sr", text: t.details }), h("tbody", {}, rows));
      const old = this._lines.querySelector("table");
      if (old) old.replaceWith(table);
      else this._lines.append(table);
      this._lines.hidden = false;
    }

    _focusField(field) {
      const id = field === "width_mm" || field === "height_mm" ? `f-${field}` : field.startsWith("divisions.") ? `f-div-${field.slice(10)}` : null;
      let el = id ? this._root.getElementById(id) : null;
      if (!el) {
        const [kind, key] = field.split(".");
        const name = kind === "sections" ? `open-${key}` : kind === "options" ? `opt-${key}` : kind;
        el = this._root.querySelector(`input[name="${CSS.escape(name)}"]:checked`) || this._root.querySelector(`input[name="${CSS.escape(name)}"]:not(:disabled)`);
      }
      if (el) el.focus();
    }

    async _share() {
      const s = this.s;
      const url = `${location.href.split("#")[0]}#venster-${s.dealer}=${b64url(JSON.stringify(s.config))}`;
      s.shareUrl = url;
      this._shareOut.value = url;
      this._shareOut.hidden = false;
      let copied = false;
      try {
        if (navigator.clipboard && window.isSecureContext) {
          await navigator.clipboard.writeText(url);
          copied = true;
        }
      } catch (e) {
        copied = false;
      }
      this._shareMsg.textContent = copied ? s.t.copied : "";
      this._shareOut.focus();
      this._shareOut.select();
    }

    // --- the list of windows --------------------------------------------------------------------

    async _add() {
      const s = this.s;
      await this._settled();
      const ev = s.ev;
      if (!ev || !ev.valid || s.busy) return;
      const thumb = this._pic.querySelector("svg");
      const item = { config: clone(ev.configuration), price: ev.price, note: "", svg: thumb ? thumb.cloneNode(true) : null };
      if (s.editing >= 0 && s.items[s.editing]) {
        item.note = s.items[s.editing].note;
        s.items[s.editing] = item;
        s.editing = -1;
        this._say(s.t.saved);
      } else {
        if (s.items.length >= MAX_ITEMS) return;
        s.items.push(item);
        this._say(fill(s.t.added, { n: this._windows(this._windowCount()) }));
      }
      s.itemErrors = {};
      this._token().catch(() => null); // fetched early: the server wants it a few seconds old
      this._listChanged();
      this._syncSummary();
    }

    _cancelEdit() {
      this.s.editing = -1;
      this._renderList();
      this._syncSummary();
    }

    _edit(i) {
      const s = this.s;
      const item = s.items[i];
      s.editing = i;
      s.config = clone(item.config);
      s.touched = new Set(Object.keys(item.config.divisions || {}));
      s.raw = {};
      this._schedule(true);
      this._update();
      this._renderList();
      const title = this._root.getElementById("vs-title");
      if (title) {
        title.scrollIntoView({ block: "start", behavior: "smooth" });
        title.focus({ preventScroll: true });
      }
    }

    _remove(i) {
      const s = this.s;
      s.items.splice(i, 1);
      if (s.editing === i) s.editing = -1;
      else if (s.editing > i) s.editing -= 1;
      s.itemErrors = {};
      this._say(s.t.removed);
      this._listChanged();
      this._syncSummary();
      const next = this._root.querySelector(`[data-k="rm-${Math.min(i, s.items.length - 1)}"]`);
      if (next) next.focus();
      else this._addBtn.focus();
    }

    _itemQuantity(i, q) {
      const item = this.s.items[i];
      item.config.quantity = q;
      clearTimeout(this._listTimer);
      this._listTimer = setTimeout(() => this._listChanged(), 300);
    }

    /** The list changed: its totals are the server's (evaluate-list), never a sum made here. */
    _listChanged() {
      const s = this.s;
      s.listPrice = null;
      this._renderList();
      if (s.items.length) this._priceList().catch(() => null);
    }

    /** Price the whole list as one document; the answer for the latest list wins. */
    async _priceList() {
      const s = this.s;
      const seq = (this._listSeq = (this._listSeq || 0) + 1);
      const items = s.items.slice();
      const body = JSON.stringify({ items: items.map((it) => ({ configuration: it.config })) });
      let res = null;
      try {
        res = await call(`${this._base()}/evaluate-list?lang=${s.lang}`, { method: "POST", body });
      } catch (e) {
        res = null;
      }
      if (seq !== this._listSeq) return;
      if (!res || res.status !== 200 || !res.data || !res.data.totals) {
        s.listPrice = { failed: true };
      } else {
        res.data.items.forEach((out, i) => {
          if (out.price && items[i]) items[i].price = out.price;
        });
        s.listPrice = res.data;
      }
      this._renderList();
    }

    _summaryText(config) {
      const p = this.s.doc.products.find((x) => x.id === config.product) || this.product;
      const layout = p.layouts.find((l) => l.id === config.layout);
      const bits = [`${this._len(config.width_mm)} × ${this._len(config.height_mm)}`];
      for (const g of p.options) {
        const vid = (config.options || {})[g.id];
        if (g.finish || (vid && vid !== g.default)) {
          const v = g.values.find((x) => x.id === vid);
          if (v) bits.push(v.label);
        }
      }
      return { title: `${p.label}${layout ? ` — ${layout.label}` : ""}`, detail: bits.join(" · ") };
    }

    _renderList() {
      const s = this.s;
      const t = s.t;
      const active = this._root.activeElement;
      const key = active && active.getAttribute && active.getAttribute("data-k");
      const has = s.items.length > 0;
      this._list.hidden = !has || Boolean(s.done);
      this._form.hidden = !has || Boolean(s.done);
      if (!has) {
        put(this._list);
        return;
      }
      const rows = s.items.map((item, i) => {
        const words = this._summaryText(item.config);
        const qid = `q-${i}`;
        const nid = `n-${i}`;
        const incl = item.price.includes_vat;
        const qty = h("input", { id: qid, "data-k": qid, type: "number", min: 1, max: 999, step: 1, inputmode: "numeric",
          value: String(item.config.quantity || 1),
          oninput: () => {
            const q = Number(qty.value);
            if (Number.isInteger(q) && q >= 1 && q <= 999) this._itemQuantity(i, q);
          } });
        const note = h("input", { id: nid, "data-k": nid, type: "text", maxlength: 200, value: item.note || "", autocomplete: "off",
          oninput: () => { item.note = note.value; } });
        const thumb = item.svg ? item.svg.cloneNode(true) : null;
        if (thumb) {
          thumb.setAttribute("aria-hidden", "true");
          thumb.removeAttribute("role");
          thumb.removeAttribute("aria-label");
          thumb.querySelectorAll("[tabindex]").forEach((n) => {
            n.removeAttribute("tabindex");
            n.removeAttribute("role");
            n.removeAttribute("aria-label");
            n.removeAttribute("aria-pressed");
          });
        }
        const problem = s.itemErrors[i];
        return h("li", { class: `item${s.editing === i ? " edit" : ""}` },
          h("div", { class: "thumb" }, thumb),
          h("div", { class: "info" },
            h("div", { class: "t", text: `${i + 1}. ${words.title}` }),
            h("div", { class: "d", text: words.detail }),
            problem ? h("div", { class: "err", role: "alert", text: fill(t.itemProblem, { m: problem }) }) : null),
          h("div", { class: "more" },
            h("div", { class: "itemrow" },
              h("div", { class: "field q" }, h("label", { for: qid, text: t.qty }), qty),
              h("div", { class: "field nt" }, h("label", { for: nid, text: t.note }), note),
              h("div", { class: "amt" }, h("b", { text: this._money(incl ? item.price.total : item.price.subtotal) }),
                h("span", { text: incl ? t.incl : t.excl }))),
            h("div", { class: "ops" },
              h("button", { type: "button", class: "link", "data-k": `ed-${i}`, text: t.edit, "aria-label": `${t.edit}: ${i + 1}. ${words.title}`,
                onclick: () => this._edit(i) }),
              h("button", { type: "button", class: "link", "data-k": `rm-${i}`, text: t.remove, "aria-label": `${t.remove}: ${i + 1}. ${words.title}`,
                onclick: () => this._remove(i) }))));
      });
      const incl = s.items[0].price.includes_vat;
      put(this._list,
        h("h2", { id: "list-h", tabindex: "-1", text: `${t.listTitle} (${s.items.length})` }),
        h("ul", { class: "items" }, rows),
        this._listTotals(incl));
      if (key && active && !active.isConnected) {
        const again = this._root.querySelector(`[data-k="${CSS.escape(key)}"]`);
        if (again) again.focus();
      }
    }

    /** The list's fees once per order and its totals, as the server computed them for the whole list. */
    _listTotals(incl) {
      const s = this.s;
      const t = s.t;
      const lp = s.listPrice;
      if (!lp || lp.failed) {
        return h("div", { class: "tot", "aria-live": "polite" },
          h("span", { class: "hint", text: t.listTotal }),
          h("div", { class: "upd", "data-k": "list-upd", text: lp ? t.netError : t.updating }));
      }
      const tot = lp.totals;
      // Every amount the way the dealer shows prices: a fee incl. VAT at its own rate when prices are.
      const feeCents = (lp.order_lines || []).map((ln) => (incl ? inclCents(ln) : cents(ln.amount)));
      const fees = (lp.order_lines || []).map((ln, i) => h("div", { class: "fee", "data-code": ln.code },
        h("span", { text: ln.label }), h("span", { text: ` ${this._money(fromCents(feeCents[i]))} ${incl ? t.incl : t.excl}` })));
      // The total is the server's (VAT per rate over the whole order), never this sum; when the rows
      // shown do not add up to it, say why.
      const rows = s.items.reduce((sum, it) => sum + cents(incl ? it.price.total : it.price.subtotal), 0)
        + feeCents.reduce((a, b) => a + b, 0);
      const shownTotal = incl ? tot.total : tot.subtotal;
      const note = rows !== cents(shownTotal) ? h("div", { class: "hint round", "data-k": "round-note", text: t.roundNote }) : null;
      const rates = (tot.vat_breakdown || []).map((r) => `${fill(t.vatR, { r: r.rate })} ${this._money(r.vat)}`);
      return h("div", { class: "tot", "aria-live": "polite" },
        fees,
        h("span", { class: "hint", text: t.listTotal }),
        h("div", { class: "big" }, this._money(incl ? tot.total : tot.subtotal), h("small", { text: incl ? t.incl : t.excl })),
        h("div", { class: "other", text: `${this._money(incl ? tot.subtotal : tot.total)} ${incl ? t.excl : t.incl} · ${rates.join(" · ") || `${t.vat} ${this._money(tot.vat)}`}` }),
        note);
    }

    // --- contact form and sending ---------------------------------------------------------------

    _buildForm() {
      const s = this.s;
      const t = s.t;
      const d = s.doc.dealer;
      const spec = [
        ["name", "text", "name", true, 120, "c3"], ["email", "email", "email", true, 254, "c3"],
        ["phone", "tel", "tel", true, 32, "c3"], ["company", "text", "organization", false, 120, "c3"],
        ["street", "text", "address-line1", true, 120, "c4"], ["house_number", "text", "", true, 16, "c2"],
        ["postcode", "text", "postal-code", true, 12, "c2"], ["city", "text", "address-level2", true, 80, "c2"],
        ["country", "select", "country", true, 2, "c2"], ["message", "textarea", "", false, 2000, "c6"],
      ];
      this._fields = {};
      let names = null;
      try {
        names = new Intl.DisplayNames([s.loc], { type: "region" });
      } catch (e) {
        names = null;
      }
      const cells = spec.map(([name, type, auto, required, max, span]) => {
        const id = `c-${name}`;
        const err = h("div", { class: "err", id: `e-${id}` });
        let input;
        if (type === "select") {
          input = h("select", { id, "data-k": id, autocomplete: auto }, COUNTRIES.map((code) =>
            h("option", { value: code, text: names ? names.of(code) : code })));
          input.value = s.contact.country || DEFAULT_COUNTRY[s.lang];
        } else if (type === "textarea") {
          input = h("textarea", { id, "data-k": id, maxlength: max, rows: 4 });
        } else {
          input = h("input", { id, "data-k": id, type, autocomplete: auto || "off", maxlength: max,
            spellcheck: type === "text" ? null : "false" });
        }
        if (type !== "select" && s.contact[name]) input.value = s.contact[name];
        if (required) input.setAttribute("aria-required", "true");
        input.setAttribute("aria-describedby", `e-${id}`);
        input.addEventListener("blur", guard((e) => {
          s.contact[name] = input.value;
          // Leaving for the send button: the send checks everything, and a message appearing now
          // would move the button away from under the pointer between press and release.
          if (e.relatedTarget === this._sendBtn) return;
          if (s.showErrors || input.value.trim()) this._showFieldError(name, this._checkField(name));
        }));
        input.addEventListener("input", guard(() => {
          s.contact[name] = input.value;
          if (input.getAttribute("aria-invalid") === "true") this._showFieldError(name, this._checkField(name));
        }));
        if (type === "select") {
          input.addEventListener("change", guard(() => {
            s.contact[name] = input.value;
            if (this._fields.postcode.input.value.trim()) this._showFieldError("postcode", this._checkField("postcode"));
          }));
        }
        this._fields[name] = { input, err, required, max };
        return h("div", { class: `field ${span}` }, h("label", { for: id, text: t[`f_${name}`] }), input, err);
      });
      this._marketing = h("input", { id: "c-marketing", type: "checkbox", "data-k": "c-marketing" });
      this._honeypot = h("input", { id: "c-website", name: "website", type: "text", tabindex: "-1", autocomplete: "off", value: "" });
      this._formMsg = h("div", { class: "alert", role: "alert", hidden: true });
      this._sendBtn = h("button", { type: "submit", class: "btn primary", "data-k": "send", text: t.send });
      const privacy = h("p", { class: "privacy" }, `${t.privacy} `,
        d.privacy_notice_url && /^https?:\/\//i.test(d.privacy_notice_url)
          ? h("a", { href: d.privacy_notice_url, target: "_blank", rel: "noopener noreferrer", text: t.privacyLink }) : null);
      const form = h("form", { novalidate: true, onsubmit: (e) => { e.preventDefault(); return this._submit(); } },
        h("div", { class: "fgrid" }, cells,
          h("div", { class: "c6 privacy-row" }, privacy),
          h("div", { class: "c6 check" }, this._marketing, h("label", { for: "c-marketing", text: t.marketing })),
          h("div", { class: "hp", "aria-hidden": "true" }, h("label", { for: "c-website", text: t.honeypot }), this._honeypot),
          h("div", { class: "c6" }, this._formMsg),
          h("div", { class: "c6 sendrow" }, this._sendBtn)));
      put(this._form, h("h2", { id: "form-h", tabindex: "-1", text: t.contact }), form);
    }

    _focusForm() {
      const title = this._root.getElementById("form-h");
      if (!title) return;
      title.scrollIntoView({ block: "start", behavior: "smooth" });
      const first = this._fields.name.input;
      first.focus({ preventScroll: true });
    }

    /** The error text of one contact field now, or "". Mirrors the server's checks. */
    _checkField(name) {
      const t = this.s.t;
      const f = this._fields[name];
      let v = f.input.value.trim();
      if (!v) return f.required ? t.required : "";
      if (v.length > f.max) return fill(t.tooLong, { n: f.max });
      if (name === "email" && !/^[^@\s<>()[\]\\,;:"]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/.test(v)) return t.badEmail;
      if (name === "phone") {
        const digits = (v.match(/\d/g) || []).length;
        if (!/^\+?[0-9 ()./-]+$/.test(v) || digits < 6 || digits > 15) return t.badPhone;
      }
      if (name === "postcode") {
        const country = this._fields.country.input.value;
        v = v.toUpperCase();
        if (country === "NL") v = v.replace(/^(\d{4})\s*([A-Z]{2})$/, "$1 $2");
        const rule = POSTCODES[country];
        if (rule && !rule[0].test(v)) return fill(t.badPostcode, { ex: rule[1] });
        f.input.value = v;
        this.s.contact.postcode = v;
      }
      return "";
    }

    _showFieldError(name, message) {
      const f = this._fields[name];
      if (!f) return;
      this._fieldError(f.input, f.err, message);
    }

    _validateAll() {
      let first = null;
      for (const name of Object.keys(this._fields)) {
        const msg = this._checkField(name);
        this._showFieldError(name, msg);
        if (msg && !first) first = this._fields[name].input;
      }
      return first;
    }

    _formAlert(text, retry) {
      const t = this.s.t;
      if (!text) {
        this._formMsg.hidden = true;
        put(this._formMsg);
        return;
      }
      put(this._formMsg, h("span", { text }),
        retry ? h("button", { type: "button", class: "btn second", "data-k": "retry-send", text: t.retry, onclick: () => this._submit() }) : null);
      this._formMsg.hidden = false;
    }

    async _token(force) {
      const s = this.s;
      if (!force && s.token && Date.now() - s.tokenAt < 12 * 3600 * 1000) return s.token;
      const res = await call(`${this._base()}/form-token`);
      if (res.status !== 200 || !res.data || typeof res.data.form_token !== "string") throw res;
      s.token = res.data.form_token;
      s.tokenAt = Date.now();
      return s.token;
    }

    _payload() {
      const s = this.s;
      const d = s.doc.dealer;
      const v = (name) => this._fields[name].input.value.trim();
      return {
        items: s.items.map((it) => ({ configuration: it.config, note: (it.note || "").trim() })),
        contact: { name: v("name"), email: v("email"), phone: v("phone"), company: v("company") || null, street: v("street"),
          house_number: v("house_number"), postcode: v("postcode"), city: v("city"), country: v("country") },
        message: this._fields.message.input.value.trim(), lang: s.lang,
        privacy: { notice_url: d.privacy_notice_url, notice_version: d.privacy_notice_version, marketing_opt_in: this._marketing.checked },
        website: this._honeypot.value,
      };
    }

    /**
     * Send the request. One Idempotency-Key per attempt: a retry of the same body (after a network
     * failure or a 5xx) reuses it, so a request that did land is answered again, not stored twice.
     */
    async _submit() {
      const s = this.s;
      const t = s.t;
      if (s.sending || !s.items.length) return;
      s.showErrors = true;
      const bad = this._validateAll();
      if (bad) {
        this._formAlert(t.fixErrors, false);
        bad.focus();
        return;
      }
      const payload = this._payload();
      const print = JSON.stringify(payload);
      if (!s.attempt || s.attempt.print !== print) s.attempt = { print, key: uuid(), token: null, retried: false };
      const att = s.attempt;
      s.sending = true;
      this._sendBtn.disabled = true;
      this._sendBtn.textContent = t.sending;
      this._formAlert("");
      try {
        if (!att.token) att.token = await this._token();
        let res = await this._post(payload, att);
        if (res.status === 422 && this._tokenTrouble(res) && !att.retried) {
          att.retried = true;
          if (Date.now() - s.tokenAt < 10000) await sleep(3500); // too fresh: the server wants it a few seconds old
          else {
            att.token = await this._token(true);
            att.key = uuid();
          }
          res = await this._post(payload, att);
        }
        this._answered(res);
      } catch (err) {
        // No answer at all: keep the attempt (same key, same body) for the retry button.
        this._formAlert(err instanceof NetError ? t.netError : t.serverError, true);
      } finally {
        s.sending = false;
        this._sendBtn.disabled = false;
        this._sendBtn.textContent = t.send;
      }
    }

    _post(payload, att) {
      return call(`${this._base()}/quote-requests`, { method: "POST", headers: { "Idempotency-Key": att.key },
        body: JSON.stringify(Object.assign({}, payload, { form_token: att.token })) });
    }

    _tokenTrouble(res) {
      return Boolean(res.data && Array.isArray(res.data.errors) && res.data.errors.some((e) => e.field === "form_token"));
    }

    _answered(res) {
      const s = this.s;
      const t = s.t;
      if ((res.status === 201 || res.status === 200) && res.data && res.data.reference) {
        s.attempt = null;
        s.token = null; // a form token makes one request: the next one fetches its own
        s.done = res.data;
        this._showDone();
        this._emit("venster:submitted", { reference: res.data.reference });
        return;
      }
      if (res.status >= 500) {
        this._formAlert(t.serverError, true);
        return;
      }
      s.attempt = null;
      if (res.status === 422 && res.data && Array.isArray(res.data.errors)) {
        this._serverErrors(res.data.errors);
        return;
      }
      if (res.status === 429) {
        this._formAlert(fill(t.tooMany, { n: Math.max(1, Math.ceil((res.retryAfter || 60) / 60)) }), false);
        return;
      }
      this._formAlert(res.status === 403 ? t.forbidden : t.serverError, res.status !== 403);
    }

    /** Put the server's field errors where they belong: contact fields, list items, or the banner.
     *
     * An error on a field the homeowner cannot change (the dealer's privacy notice, the language) is
     * not theirs to fix: the banner says so in their language, never the API's English words. */
    _serverErrors(errors) {
      const s = this.s;
      const t = s.t;
      let general = false;
      let marked = false;
      let first = null;
      s.itemErrors = {};
      for (const e of errors) {
        const m = /^items\[(\d+)\]/.exec(e.field || "");
        const contact = /^contact\.(\w+)$/.exec(e.field || "");
        const name = contact ? contact[1] : e.field === "message" ? "message" : null;
        if (m) {
          s.itemErrors[Number(m[1])] = s.itemErrors[Number(m[1])] || e.message;
          marked = true;
        } else if (name && this._fields[name]) {
          this._showFieldError(name, e.message);
          marked = true;
          if (!first) first = this._fields[name].input;
        } else if (e.field !== "form_token") general = true;
      }
      this._renderList();
      const cannot = general ? fill(t.cannotSend, { dealer: s.doc.dealer.name }) : "";
      this._formAlert([marked || !general ? t.fixErrors : "", cannot].filter(Boolean).join(" "), false);
      if (first) first.focus();
    }

    _showDone() {
      const s = this.s;
      const t = s.t;
      const n = this._windowCount();
      const totals = s.done.totals || {};
      const incl = s.items[0] && s.items[0].price.includes_vat;
      const figure = incl ? totals.total : totals.subtotal;
      put(this._doneEl,
        sv("svg", { viewBox: "0 0 56 56", "aria-hidden": "true" },
          sv("circle", { cx: 28, cy: 28, r: 27, fill: "currentColor", opacity: "0.12" }),
          sv("path", { d: "M17 29l7 7 15-16", fill: "none", stroke: "currentColor", "stroke-width": 4, "stroke-linecap": "round", "stroke-linejoin": "round" })),
        h("h2", { id: "done-h", tabindex: "-1", text: t.thanks }),
        h("p", { text: t.ref }),
        h("div", { class: "ref", "data-reference": s.done.reference, text: s.done.reference }),
        h("p", { text: fill(t.thanksText, { dealer: s.doc.dealer.name }) }),
        figure ? h("p", { class: "hint", text: `${this._windows(n)} · ${this._money(figure)} ${incl ? t.incl : t.excl}` }) : null,
        h("p", {}, h("button", { type: "button", class: "btn second", "data-k": "again", text: t.again, onclick: () => this._again() })));
      this._doneEl.hidden = false;
      this._grid.hidden = true;
      this._list.hidden = true;
      this._form.hidden = true;
      this._mini.hidden = true;
      const title = this._root.getElementById("done-h");
      this._doneEl.scrollIntoView({ block: "start", behavior: "smooth" });
      title.focus({ preventScroll: true });
    }

    _again() {
      const s = this.s;
      Object.assign(s, { items: [], editing: -1, done: null, attempt: null, itemErrors: {}, showErrors: false, token: null });
      this._fields.message.input.value = "";
      this._doneEl.hidden = true;
      this._grid.hidden = false;
      this._mini.hidden = false;
      this._renderList();
      this._syncSummary();
      const title = this._root.getElementById("vs-title");
      if (title) title.focus();
    }
  }

  // Test hooks for the unit parsers (pure functions; no state).
  VensterConfigurator.parseLength = parseLength;
  VensterConfigurator.inchText = inchText;
  VensterConfigurator.origin = ORIGIN;

  customElements.define(TAG, VensterConfigurator);
})();
