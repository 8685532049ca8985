"""What only the dialects share: wire codecs (ids, dates). The HTTP edge they share with the web app and /sms is
`clientbook.edge`."""
