"""A MediaWiki client below the apps: read and write pages and talk pages.

Like ``live``, it imports no Convene app (an import-linter contract checks it). The
client is `convene.wiki.client` (`connect`, `WikiSession`, the `WikiError` family); see
README.md next to this file.
"""
