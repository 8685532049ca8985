"""The four vendors' APIs, each a sub-app that translates between its wire form and the core."""
