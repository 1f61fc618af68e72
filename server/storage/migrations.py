"""Versioned schema migrations, applied in order, each exactly once.

Append new migrations; never edit one that has shipped. Each entry is
``(version, description, statements)``.
"""

from __future__ import annotations

__all__ = ["MIGRATIONS"]

MIGRATIONS: tuple[tuple[int, str, tuple[str, ...]], ...] = (
    (
        1,
        "schema bookkeeping, server secrets and catalog versions",
        (
            """CREATE TABLE IF NOT EXISTS schema_migrations (
                   version INTEGER PRIMARY KEY,
                   description TEXT NOT NULL,
                   applied_at TEXT NOT NULL
               )""",
            # Secrets generated on first start live here so they survive restarts and
            # are shared by every worker on the same database.
            """CREATE TABLE server_secrets (
                   name TEXT PRIMARY KEY,
                   value TEXT NOT NULL,
                   created_at TEXT NOT NULL
               )""",
            # The exact catalog text a price was computed with, keyed by its hash.
            """CREATE TABLE catalog_versions (
                   hash TEXT PRIMARY KEY,
                   dealer TEXT NOT NULL,
                   source TEXT NOT NULL,
                   first_seen_at TEXT NOT NULL
               )""",
        ),
    ),
    (
        2,
        "quote requests, contacts, privacy records, idempotency, rate limits, outbox",
        (
            # Gapless numbers per dealer, per kind and per year (references, later quotes).
            """CREATE TABLE counters (
                   dealer TEXT NOT NULL,
                   name TEXT NOT NULL,
                   year INTEGER NOT NULL,
                   value INTEGER NOT NULL,
                   PRIMARY KEY (dealer, name, year)
               )""",
            """CREATE TABLE contacts (
                   id INTEGER PRIMARY KEY,
                   dealer TEXT NOT NULL,
                   email TEXT NOT NULL,
                   name TEXT NOT NULL,
                   phone TEXT NOT NULL DEFAULT '',
                   company TEXT,
                   street TEXT NOT NULL DEFAULT '',
                   house_number TEXT NOT NULL DEFAULT '',
                   postcode TEXT NOT NULL DEFAULT '',
                   city TEXT NOT NULL DEFAULT '',
                   country TEXT NOT NULL DEFAULT '',
                   created_at TEXT NOT NULL,
                   updated_at TEXT NOT NULL,
                   UNIQUE (dealer, email)
               )""",
            """CREATE TABLE quote_requests (
                   id INTEGER PRIMARY KEY,
                   dealer TEXT NOT NULL,
                   reference TEXT NOT NULL UNIQUE,
                   contact_id INTEGER NOT NULL REFERENCES contacts(id),
                   status TEXT NOT NULL DEFAULT 'new',
                   lang TEXT NOT NULL,
                   message TEXT NOT NULL DEFAULT '',
                   contact_json TEXT NOT NULL,
                   catalog_version TEXT NOT NULL REFERENCES catalog_versions(hash),
                   subtotal TEXT NOT NULL,
                   vat TEXT NOT NULL,
                   total TEXT NOT NULL,
                   currency TEXT NOT NULL,
                   client_address TEXT NOT NULL DEFAULT '',
                   origin TEXT NOT NULL DEFAULT '',
                   created_at TEXT NOT NULL
               )""",
            "CREATE INDEX quote_requests_dealer_created ON quote_requests (dealer, created_at)",
            """CREATE TABLE quote_items (
                   id INTEGER PRIMARY KEY,
                   request_id INTEGER NOT NULL REFERENCES quote_requests(id),
                   position INTEGER NOT NULL,
                   configuration TEXT NOT NULL,
                   note TEXT NOT NULL DEFAULT '',
                   price TEXT NOT NULL,
                   explanation TEXT NOT NULL,
                   subtotal TEXT NOT NULL,
                   vat TEXT NOT NULL,
                   total TEXT NOT NULL,
                   UNIQUE (request_id, position)
               )""",
            """CREATE TABLE privacy_records (
                   id INTEGER PRIMARY KEY,
                   request_id INTEGER NOT NULL UNIQUE REFERENCES quote_requests(id),
                   notice_url TEXT NOT NULL,
                   notice_version TEXT NOT NULL,
                   lang TEXT NOT NULL,
                   marketing_opt_in INTEGER NOT NULL,
                   recorded_at TEXT NOT NULL
               )""",
            """CREATE TABLE status_history (
                   id INTEGER PRIMARY KEY,
                   request_id INTEGER NOT NULL REFERENCES quote_requests(id),
                   status TEXT NOT NULL,
                   note TEXT NOT NULL DEFAULT '',
                   actor TEXT NOT NULL,
                   at TEXT NOT NULL
               )""",
            # The first answer to a key is stored with the body's hash; 24 hours, then purged.
            """CREATE TABLE idempotency_keys (
                   dealer TEXT NOT NULL,
                   key TEXT NOT NULL,
                   body_hash TEXT NOT NULL,
                   status INTEGER NOT NULL,
                   response TEXT NOT NULL,
                   request_id INTEGER REFERENCES quote_requests(id),
                   created_at REAL NOT NULL,
                   PRIMARY KEY (dealer, key)
               )""",
            """CREATE TABLE rate_limits (
                   bucket TEXT PRIMARY KEY,
                   window_start INTEGER NOT NULL,
                   count INTEGER NOT NULL
               )""",
            # Notifications to send; claimed under a lease so two workers never send one twice
            # at once, and re-sent when a worker dies before marking it sent (at least once).
            """CREATE TABLE outbox (
                   id INTEGER PRIMARY KEY,
                   delivery_id TEXT NOT NULL UNIQUE,
                   dealer TEXT NOT NULL,
                   channel TEXT NOT NULL,
                   event TEXT NOT NULL,
                   event_id TEXT NOT NULL,
                   payload TEXT NOT NULL,
                   status TEXT NOT NULL DEFAULT 'pending',
                   attempts INTEGER NOT NULL DEFAULT 0,
                   next_attempt_at REAL NOT NULL,
                   lease_owner TEXT,
                   lease_until REAL,
                   created_at TEXT NOT NULL,
                   sent_at TEXT,
                   last_error TEXT
               )""",
            "CREATE INDEX outbox_due ON outbox (status, next_attempt_at)",
            """CREATE TABLE delivery_attempts (
                   id INTEGER PRIMARY KEY,
                   outbox_id INTEGER NOT NULL REFERENCES outbox(id),
                   attempt INTEGER NOT NULL,
                   at TEXT NOT NULL,
                   ok INTEGER NOT NULL,
                   detail TEXT NOT NULL,
                   duration_ms INTEGER NOT NULL
               )""",
        ),
    ),
    (
        3,
        "back office: API keys, users, sessions, notes, activity, audit log, dealer settings",
        (
            # Only the SHA-256 of a key is kept; the prefix lets a dealer tell keys apart.
            """CREATE TABLE api_keys (
                   id INTEGER PRIMARY KEY,
                   dealer TEXT NOT NULL,
                   prefix TEXT NOT NULL UNIQUE,
                   key_hash TEXT NOT NULL UNIQUE,
                   label TEXT NOT NULL DEFAULT '',
                   read_only INTEGER NOT NULL DEFAULT 0,
                   created_at TEXT NOT NULL,
                   last_used_at TEXT,
                   revoked_at TEXT
               )""",
            "CREATE INDEX api_keys_dealer ON api_keys (dealer)",
            """CREATE TABLE users (
                   id INTEGER PRIMARY KEY,
                   dealer TEXT NOT NULL,
                   email TEXT NOT NULL UNIQUE,
                   name TEXT NOT NULL DEFAULT '',
                   password_hash TEXT NOT NULL DEFAULT '',
                   lang TEXT NOT NULL DEFAULT 'nl',
                   created_at TEXT NOT NULL,
                   disabled_at TEXT
               )""",
            # The session id and reset token are stored hashed, like API keys.
            """CREATE TABLE sessions (
                   id_hash TEXT PRIMARY KEY,
                   user_id INTEGER NOT NULL REFERENCES users(id),
                   dealer TEXT NOT NULL,
                   csrf TEXT NOT NULL,
                   created_at REAL NOT NULL,
                   expires_at REAL NOT NULL
               )""",
            """CREATE TABLE password_resets (
                   token_hash TEXT PRIMARY KEY,
                   user_id INTEGER NOT NULL REFERENCES users(id),
                   expires_at REAL NOT NULL,
                   used_at REAL
               )""",
            """CREATE TABLE request_notes (
                   id INTEGER PRIMARY KEY,
                   request_id INTEGER NOT NULL REFERENCES quote_requests(id),
                   author TEXT NOT NULL,
                   body TEXT NOT NULL,
                   at TEXT NOT NULL
               )""",
            "ALTER TABLE contacts ADD COLUMN starred INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE contacts ADD COLUMN notes TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE contacts ADD COLUMN source TEXT NOT NULL DEFAULT 'request'",
            "ALTER TABLE contacts ADD COLUMN erased_at TEXT",
            # What happened to a contact, newest first in the back office.
            """CREATE TABLE activity (
                   id INTEGER PRIMARY KEY,
                   dealer TEXT NOT NULL,
                   contact_id INTEGER REFERENCES contacts(id),
                   request_id INTEGER REFERENCES quote_requests(id),
                   actor TEXT NOT NULL,
                   kind TEXT NOT NULL,
                   text TEXT NOT NULL DEFAULT '',
                   at TEXT NOT NULL
               )""",
            "CREATE INDEX activity_contact ON activity (contact_id, at)",
            # Who viewed, exported, erased or changed what: kept for accountability.
            """CREATE TABLE audit_log (
                   id INTEGER PRIMARY KEY,
                   dealer TEXT NOT NULL,
                   actor TEXT NOT NULL,
                   action TEXT NOT NULL,
                   subject TEXT NOT NULL,
                   detail TEXT NOT NULL DEFAULT '',
                   at TEXT NOT NULL
               )""",
            "CREATE INDEX audit_log_dealer ON audit_log (dealer, at)",
            # Settings a dealer changed in the back office; they win over the catalog's [dealer].
            """CREATE TABLE dealer_settings (
                   dealer TEXT PRIMARY KEY,
                   settings TEXT NOT NULL,
                   updated_at TEXT NOT NULL,
                   updated_by TEXT NOT NULL
               )""",
        ),
    ),
    (
        4,
        "formal quotes with versions and lines, invoices with lines",
        (
            # One row per version; the number stays, the version counts up. The homeowner's
            # link is a random token stored only as its SHA-256 hash.
            """CREATE TABLE quotes (
                   id INTEGER PRIMARY KEY,
                   dealer TEXT NOT NULL,
                   request_id INTEGER NOT NULL REFERENCES quote_requests(id),
                   number TEXT NOT NULL,
                   version INTEGER NOT NULL,
                   status TEXT NOT NULL,
                   lang TEXT NOT NULL,
                   currency TEXT NOT NULL,
                   token_hash TEXT UNIQUE,
                   validity_days INTEGER NOT NULL,
                   valid_until TEXT,
                   intro TEXT NOT NULL DEFAULT '',
                   terms TEXT NOT NULL DEFAULT '',
                   seller TEXT NOT NULL,
                   buyer TEXT NOT NULL,
                   subtotal TEXT NOT NULL,
                   vat TEXT NOT NULL,
                   total TEXT NOT NULL,
                   vat_breakdown TEXT NOT NULL,
                   created_by TEXT NOT NULL,
                   created_at TEXT NOT NULL,
                   updated_at TEXT NOT NULL,
                   sent_at TEXT,
                   viewed_at TEXT,
                   decided_at TEXT,
                   accepted_name TEXT,
                   decline_reason TEXT,
                   expiring_notified INTEGER NOT NULL DEFAULT 0,
                   superseded_by INTEGER REFERENCES quotes(id),
                   UNIQUE (dealer, number, version)
               )""",
            "CREATE INDEX quotes_request ON quotes (request_id)",
            "CREATE INDEX quotes_open ON quotes (status, valid_until)",
            """CREATE TABLE quote_lines (
                   id INTEGER PRIMARY KEY,
                   quote_id INTEGER NOT NULL REFERENCES quotes(id),
                   position INTEGER NOT NULL,
                   kind TEXT NOT NULL,
                   description TEXT NOT NULL,
                   item_position INTEGER,
                   quantity TEXT NOT NULL,
                   unit_price TEXT NOT NULL,
                   vat_rate TEXT NOT NULL,
                   amount TEXT NOT NULL,
                   UNIQUE (quote_id, position)
               )""",
            # Invoices are legal records: written once, never changed, kept when a contact is erased.
            """CREATE TABLE invoices (
                   id INTEGER PRIMARY KEY,
                   dealer TEXT NOT NULL,
                   quote_id INTEGER NOT NULL UNIQUE REFERENCES quotes(id),
                   number TEXT NOT NULL,
                   issue_date TEXT NOT NULL,
                   due_date TEXT NOT NULL,
                   currency TEXT NOT NULL,
                   seller TEXT NOT NULL,
                   buyer TEXT NOT NULL,
                   lines TEXT NOT NULL,
                   vat_breakdown TEXT NOT NULL,
                   subtotal TEXT NOT NULL,
                   vat TEXT NOT NULL,
                   total TEXT NOT NULL,
                   ubl TEXT NOT NULL,
                   created_by TEXT NOT NULL,
                   created_at TEXT NOT NULL,
                   UNIQUE (dealer, number)
               )""",
        ),
    ),
    (
        5,
        "rate limits: rows expire, and none holds a client address",
        (
            # When the row's window ends; 0 for rows written before this column existed.
            "ALTER TABLE rate_limits ADD COLUMN expires_at INTEGER NOT NULL DEFAULT 0",
            # Buckets now hold a keyed hash of the address; older ones held it raw (quote
            # requests) or as a plain SHA-256 anyone can reverse (logins). A lost counter
            # only restarts a window.
            "DELETE FROM rate_limits WHERE bucket LIKE 'quote:%' OR bucket LIKE 'login-addr:%'",
        ),
    ),
    (
        6,
        "failed deliveries acknowledged in the back office, confirmation mails counted per recipient",
        (
            # A delivery that failed its last retry stays marked in the back office until a user acknowledges it.
            "ALTER TABLE outbox ADD COLUMN acknowledged_at TEXT",
            "ALTER TABLE outbox ADD COLUMN acknowledged_by TEXT",
            "CREATE INDEX outbox_failed ON outbox (dealer, status, acknowledged_at)",
            # Confirmations sent per recipient and UTC day; the address is kept only as a keyed hash.
            """CREATE TABLE confirmation_counts (
                   recipient_hash TEXT NOT NULL,
                   day TEXT NOT NULL,
                   count INTEGER NOT NULL,
                   PRIMARY KEY (recipient_hash, day)
               )""",
        ),
    ),
    (
        7,
        "login throttle per account and client address; used form tokens",
        (
            # One row per (account, client address): the key is an HMAC of both with a
            # server secret, so the table holds neither the address nor the e-mail.
            """CREATE TABLE login_failures (
                   key TEXT PRIMARY KEY,
                   failures INTEGER NOT NULL,
                   last_failure REAL NOT NULL
               )""",
            "CREATE INDEX login_failures_last ON login_failures (last_failure)",
            # A form token is used once: its nonce is recorded with the request it made.
            """CREATE TABLE used_form_tokens (
                   dealer TEXT NOT NULL,
                   nonce TEXT NOT NULL,
                   used_at REAL NOT NULL,
                   PRIMARY KEY (dealer, nonce)
               )""",
            "CREATE INDEX used_form_tokens_at ON used_form_tokens (used_at)",
        ),
    ),
    (
        8,
        "a request's totals as one document: VAT per rate and the fees once per order",
        (
            # Stored at write, as the homeowner was shown them; older rows keep their totals
            # and show no breakdown ('[]').
            "ALTER TABLE quote_requests ADD COLUMN vat_breakdown TEXT NOT NULL DEFAULT '[]'",
            "ALTER TABLE quote_requests ADD COLUMN order_lines TEXT NOT NULL DEFAULT '[]'",
        ),
    ),
    (
        9,
        "the dealer's legal details edited in the back office (company details)",
        (
            # One JSON row per dealer; once saved it wins over the catalog's [dealer.legal] as a whole.
            """CREATE TABLE dealer_legal (
                   dealer TEXT PRIMARY KEY,
                   details TEXT NOT NULL,
                   updated_at TEXT NOT NULL,
                   updated_by TEXT NOT NULL
               )""",
        ),
    ),
    (
        10,
        "roles of back-office users; the audit log keeps what a change was before and after",
        (
            # Every user there was could do everything: they stay owners, so nobody loses access.
            "ALTER TABLE users ADD COLUMN role TEXT NOT NULL DEFAULT 'owner'",
            # Short JSON of the changed values (never a secret); NULL for entries that change nothing.
            "ALTER TABLE audit_log ADD COLUMN before TEXT",
            "ALTER TABLE audit_log ADD COLUMN after TEXT",
        ),
    ),
    (
        11,
        "the dealer's branding edited in the back office: accent colour, sender name, logo",
        (
            # One row per dealer; once saved, the catalog's accent_colour counts no more, and its
            # logo_url only while no logo was uploaded or removed (logo_type "none"). The logo is kept
            # as checked and re-encoded (or sanitised, for SVG) bytes with its type, a content hash
            # for the ETag and a PNG rendition for PDFs and e-mails made once at upload.
            """CREATE TABLE dealer_branding (
                   dealer TEXT PRIMARY KEY,
                   accent_colour TEXT NOT NULL,
                   sender_name TEXT NOT NULL DEFAULT '',
                   logo BLOB,
                   logo_type TEXT NOT NULL DEFAULT '',
                   logo_etag TEXT NOT NULL DEFAULT '',
                   logo_png BLOB,
                   updated_at TEXT NOT NULL,
                   updated_by TEXT NOT NULL
               )""",
        ),
    ),
    (
        12,
        "the onboarding checklist's own ticks (getting started)",
        (
            # One JSON row per dealer, like the settings and the legal details: what the dealer ticked
            # off by hand (the products step, until the catalog editor can tell by itself).
            """CREATE TABLE dealer_onboarding (
                   dealer TEXT PRIMARY KEY,
                   state TEXT NOT NULL,
                   updated_at TEXT NOT NULL,
                   updated_by TEXT NOT NULL
               )""",
        ),
    ),
    (
        13,
        "catalogs in the database: numbered releases, the live head, one draft per dealer, a check cache",
        (
            # Numbers 1.. per dealer without gaps; the text itself stays in catalog_versions (by hash).
            """CREATE TABLE catalog_releases (
                   dealer TEXT NOT NULL,
                   number INTEGER NOT NULL,
                   hash TEXT NOT NULL REFERENCES catalog_versions(hash),
                   origin TEXT NOT NULL CHECK (origin IN ('file', 'browser', 'api', 'cli', 'restore')),
                   restored_from INTEGER,
                   note TEXT NOT NULL DEFAULT '',
                   published_at TEXT NOT NULL,
                   published_by TEXT NOT NULL,
                   PRIMARY KEY (dealer, number)
               )""",
            # The one row each worker polls: written in the release's own transaction. browser_led
            # turns 1 at the first release not made from the file; from then on the file is ignored.
            """CREATE TABLE catalog_live (
                   dealer TEXT PRIMARY KEY,
                   number INTEGER NOT NULL,
                   hash TEXT NOT NULL,
                   browser_led INTEGER NOT NULL DEFAULT 0,
                   changed_at TEXT NOT NULL
               )""",
            # One draft per dealer: its TOML text, the release it started from and its last findings (JSON).
            """CREATE TABLE catalog_drafts (
                   dealer TEXT PRIMARY KEY,
                   source TEXT NOT NULL,
                   hash TEXT NOT NULL,
                   base_number INTEGER NOT NULL,
                   findings TEXT NOT NULL DEFAULT '[]',
                   updated_at TEXT NOT NULL,
                   updated_by TEXT NOT NULL
               )""",
            # Reachability findings per product (JSON), keyed by the sha256 of the product's JSON with
            # the dealer's languages and units, so an unchanged product is not searched again.
            """CREATE TABLE catalog_check_cache (
                   key TEXT PRIMARY KEY,
                   findings TEXT NOT NULL,
                   checked_at TEXT NOT NULL
               )""",
        ),
    ),
    (
        14,
        "images of option values uploaded in the catalog editor",
        (
            # Checked (re-encoded, or sanitised SVG) bytes per dealer; the id is the start of their
            # sha256, so a catalog's image = "img:<id>" names the same picture in every version.
            """CREATE TABLE catalog_images (
                   dealer TEXT NOT NULL,
                   image_id TEXT NOT NULL,
                   media_type TEXT NOT NULL,
                   body BLOB NOT NULL,
                   etag TEXT NOT NULL,
                   created_at TEXT NOT NULL,
                   created_by TEXT NOT NULL,
                   PRIMARY KEY (dealer, image_id)
               )""",
        ),
    ),
    (
        15,
        "the price playground's saved samples and the live-preview aliases of a catalog draft",
        (
            # A sample is a configuration the dealer keeps to compare live and draft prices on; it is
            # theirs alone and never a request (no contact, no price stored).
            """CREATE TABLE playground_samples (
                   id INTEGER PRIMARY KEY,
                   dealer TEXT NOT NULL,
                   name TEXT NOT NULL,
                   configuration TEXT NOT NULL,
                   created_at TEXT NOT NULL,
                   created_by TEXT NOT NULL
               )""",
            "CREATE INDEX playground_samples_dealer ON playground_samples (dealer, id)",
            # A preview alias (p_ + 22 characters) serves the dealer's draft to the real widget for a
            # while; only its SHA-256 is kept, like a session token, so the table gives no alias away.
            """CREATE TABLE catalog_previews (
                   token_hash TEXT PRIMARY KEY,
                   dealer TEXT NOT NULL,
                   expires_at REAL NOT NULL
               )""",
        ),
    ),
)
