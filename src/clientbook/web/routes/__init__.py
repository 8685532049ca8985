"""The staff web app's pages."""
