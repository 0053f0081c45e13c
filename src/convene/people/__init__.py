"""Accounts and profiles: time zone, languages, home wiki, affiliations; Wikimedia login."""
