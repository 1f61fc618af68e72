"""Services: one module per domain (requests, contacts, quotes, invoices, users, keys, the intake ...).

Every face (the JSON API, the back office, the homeowner pages, the CLI) calls these. A
service takes typed inputs (:class:`server.services.inputs.Input`) and an open database,
returns msgspec structs, and refuses with a domain error (:mod:`server.services.errors`): a
stable code with parameters, never HTTP and never user text. Its SQL is in
:mod:`server.storage`. A function about a dealer's data takes the dealer's slug and only
ever touches that dealer's rows, so one dealer can never read, change or detect another's.
"""
