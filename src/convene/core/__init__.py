"""What every app shares: base templates, time and language, safe rendering, the command line."""
