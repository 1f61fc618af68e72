"""Tests of server/documents: text wrapping on A4 pages and the UBL writer."""
