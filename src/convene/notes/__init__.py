"""Session notes in and out of the wiki: parse, import, render, publish."""
