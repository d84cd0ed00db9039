"""Business error codes of the accounts app."""
