"""Consultations: a charter chapter by chapter, feedback from every channel, what became of it."""
