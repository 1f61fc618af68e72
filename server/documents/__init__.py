"""Business documents as PDF: the formal quote and the invoice (A4 pages drawn as SVG)."""
