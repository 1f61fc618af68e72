"""HTTP handlers. Each module holds the routes of one face of the API."""
