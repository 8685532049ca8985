"""What an operator reads and scrapes: logging (`logs`), the request middleware (`middleware`) and Prometheus metrics
(`metrics`). The root app and the CLI wire them in; the delivery worker counts its attempts here."""
