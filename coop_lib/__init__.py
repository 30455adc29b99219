"""The project's library: generic machinery both apps use; it imports neither app."""
