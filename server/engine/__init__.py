"""The engine: catalog model, rules and pricing. Pure: no I/O, no clock, no globals.

Imports only the standard library and msgspec (a test walks the import graph).
"""
