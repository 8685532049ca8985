"""The shared HTTP edge: what every sub-app (the dialects, the web app, /sms) needs around the core — the request's
context and transaction, bounded body reading, validation into core field errors, rate limiting, docs pages, the
sub-app factory and message catalogs. It knows no dialect."""
